package org.paylens.generate;

import org.paylens.generate.TruthFile.Fingerprint;

import java.io.IOException;

/** A task's file of a truth table, as the task commits or drops it. */
interface TruthOutput extends AutoCloseable {
    /** Writes what is left, closes the file and moves it to its part name; returns the fingerprint of its rows. */
    Fingerprint commit() throws IOException;

    /** Closes the file, if still open, and deletes it: for a task that failed. */
    void abort();
}
