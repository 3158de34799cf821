package org.paylens.logs;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.Set;

/**
 * One operator's native log format: how the generator writes its records and how the ingest reads them back
 * with an explicit schema. Adding a format is adding a class and naming it in {@link LogFormats}.
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

    /** The column that names each record's log: {@link #write} puts the records of log L under dir/log=L. */
    String LOG = "log";

    /**
     * The writer of records of several logs: each log's records go to their own directory, dir/log=NAME, so that one
     * pass over the records writes every log of a format.
     */
    static DataFrameWriter<Row> writer(Dataset<Row> records) {
        return records.write().mode("overwrite").partitionBy(LOG);
    }

    /**
     * Writes records (of one or more logs, named by the {@link #LOG} column, each to dir/log=NAME) in {@link RawRecords#POS_COLUMNS} (a point-of-sale log) or {@link RawRecords#PAYMENT_COLUMNS}
     * (a scheme operator's log) shape; a row whose {@code fault} is set is written defective as that fault says.
     * {@link RawRecords} has already changed the merchant id of an unknown_merchant record and doubled a duplicate.
     */
    default void write(Dataset<Row> records, String dir) {
        throw new UnsupportedOperationException(id() + " is written by the simulation's tasks, record by record");
    }

    /**
     * True for a format the simulation's tasks write themselves, a file per task and log, as they simulate (no
     * Spark write); such a format has no {@link #write}. The others are written from the truth by {@link #write}.
     */
    default boolean writtenByTasks() {
        return false;
    }

    /**
     * Reads directories this format wrote (each one log's): one row per raw record in {@link ParsedRecords#SCHEMA} shape, with
     * {@code parse_error} set where the record cannot be read.
     */
    Dataset<Row> read(SparkSession spark, String... dirs);
}
