package org.paylens.logs;

import java.io.Closeable;
import java.io.IOException;

/** A task's open file of one log, in its format: records go in one by one; closing finishes the file. */
public interface RecordFile extends Closeable {
    void write(RawRecord record) throws IOException;
}
