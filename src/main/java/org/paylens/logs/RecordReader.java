package org.paylens.logs;

import java.io.Closeable;
import java.io.IOException;

/** Reads one file of a log format record by record, in file order. */
public interface RecordReader extends Closeable {
    /** Fills {@code into} with the next record and returns true, or returns false at the end of the file. */
    boolean next(ParsedRecord into) throws IOException;
}
