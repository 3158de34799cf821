package org.paylens.logs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One operator's native log format: how the generator writes its records and how the ingest reads them back
 * with an explicit schema. Adding a format is adding a class and naming it in {@link LogFormats}.
 */
public interface LogFormat {

    /** A short id, used in docs/formats.md and the quarantine table. */
    String id();

    /**
     * Writes records in {@link RawRecords#POS_COLUMNS} (a point-of-sale log) or {@link RawRecords#PAYMENT_COLUMNS}
     * (a scheme operator's log) shape; a row whose {@code fault} is set is written defective as that fault says.
     */
    void write(Dataset<Row> records, String dir);

    /**
     * Reads a directory this format wrote: one row per raw record in {@link ParsedRecords#SCHEMA} shape, with
     * {@code parse_error} set where the record cannot be read.
     */
    Dataset<Row> read(SparkSession spark, String dir);
}
