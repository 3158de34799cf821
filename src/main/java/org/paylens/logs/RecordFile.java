package org.paylens.logs;

import java.io.Closeable;
import java.io.IOException;

/** A task's open file of one log, in its format: records go in one by one; closing finishes the file. */
public interface RecordFile extends Closeable {
    void write(RawRecord record) throws IOException;

    /**
     * A file of a line format: {@code start} first (a CSV header, an XML root's start), each record by the format's
     * {@link LogFormat#writeRecord}, and {@code end} when closed.
     */
    static RecordFile ofLines(LogFormat format, java.io.OutputStream out, byte[] start, byte[] end) throws IOException {
        out.write(start);
        return new RecordFile() {
            @Override
            public void write(RawRecord record) throws IOException {
                format.writeRecord(record, out);
            }

            @Override
            public void close() throws IOException {
                out.write(end);
                out.close();
            }
        };
    }
}
