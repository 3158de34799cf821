package org.paylens.logs;

import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.Set;

/**
 * One operator's native log format: how the generator writes its records and how the ingest reads them back. Adding a format is adding a class and naming it in {@link LogFormats}.
 */
public interface LogFormat {

    /** A short id, used in docs/formats.md and the quarantine table. */
    String id();

    /** The defects this format can be written with; the generator draws a record's fault among them. */
    default Set<Fault> faults() {
        return EnumSet.allOf(Fault.class);
    }

    /**
     * The encoding of a format whose records are lines of text (JSON Lines, CSV), or null where records are not
     * lines (XML entries, Parquet and Avro rows). The quarantine's position is a line number for the first and the
     * record's ordinal for the others.
     */
    default String lineEncoding() {
        return null;
    }

    /**
     * Lines at the start of each file that are not records (a CSV header), so that a record's place in its file,
     * which the quarantine reports, counts them too.
     */
    default int headerLines() {
        return 0;
    }

    /** The end of the name of a file the tasks write, such as ".csv". */
    default String fileExtension() {
        return ".txt";
    }

    /**
     * Opens a task's file of the format over the stream; closing it finishes and closes the
     * file. A line format writes each record with {@link #writeRecord}.
     */
    default RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        return RecordFile.ofLines(this, out, new byte[0], new byte[0]);
    }

    /**
     * Writes one record of a line format with its fault: its line(s) of text (twice for a duplicate), defective as
     * the fault says.
     */
    default void writeRecord(RawRecord record, java.io.OutputStream out) throws java.io.IOException {
        throw new UnsupportedOperationException(id() + " is not written record by record");
    }

    /**
     * Opens one file this format wrote, to be read record by record in file order: each raw record in the file is
     * one record read, with the first defect the reader found in it, so that none is lost.
     */
    RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException;
}
