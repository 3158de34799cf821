package org.paylens.logs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One operator's native log format: how the generator writes a scheme's records and how the ingest reads them
 * back. Adding a format is adding a class and naming it in the scenario, not another branch elsewhere.
 */
public interface LogFormat {

    /** A short id, used in docs and the quarantine table. */
    String id();

    /**
     * Writes one scheme's records.
     *
     * @param records the scheme's transactions in {@link RawRecords#COLUMNS} shape
     * @param dir     directory to write into (created; replaced if present)
     */
    void write(Dataset<Row> records, String dir);

    /**
     * Reads a directory this format wrote, one row per raw record, in {@link ParsedRecords} shape: the raw text, its
     * source file and the parsed fields, with {@code parse_error} set where the record could not be parsed.
     */
    Dataset<Row> read(SparkSession spark, String dir);
}
