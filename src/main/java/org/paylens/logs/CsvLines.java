package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * What the CSV formats share. Lines are built and split by the format itself (values never hold a comma), and
 * Spark's CSV source does the file work — a header per file and the file's encoding — with a delimiter that never
 * occurs, so each raw line stays whole for the quarantine and a truncated line is caught by its field count.
 */
final class CsvLines {
    private static final String NEVER = "\u0001";
    private static final String NO_QUOTE = "\u0000";

    private CsvLines() {
    }

    /** The value as text, or empty when the record is written with a missing field. */
    static Column unlessMissing(Column value) {
        return when(col("fault").equalTo("missing_field"), lit("")).otherwise(value.cast("string"));
    }

    static void write(Dataset<Row> records, List<String> header, List<Column> fields, String encoding, String dir) {
        Column line = concat_ws(",", fields.stream().map(f -> coalesce(f.cast("string"), lit(""))).toArray(Column[]::new));
        records.select(when(col("fault").equalTo("malformed"), substring(line, lit(1), length(line).divide(2).cast("int")))
                        .otherwise(line).as(String.join(",", header)))
                .write().mode("overwrite").option("header", "true").option("encoding", encoding)
                .option("delimiter", NEVER).option("quote", NO_QUOTE).option("compression", "none").csv(dir);
    }

    /**
     * Lines of a directory without the headers: columns raw, source_file and fields (the split line). The header
     * lines are dropped by their text, so Spark's header check (which compares them with a one-column schema and
     * warns) stays out of the way.
     */
    static Dataset<Row> parse(SparkSession spark, String dir, String encoding, List<String> header) {
        return spark.read().option("header", "false").option("encoding", encoding)
                .option("delimiter", NEVER).option("quote", NO_QUOTE).schema("raw STRING").csv(dir)
                .filter(col("raw").isNull().or(col("raw").notEqual(String.join(",", header))))
                .select(col("raw"), ParsedRecords.sourceFile().as("source_file"))
                .withColumn("fields", split(col("raw"), ",", -1));
    }

    /** Field i (0-based) as text, null when empty. */
    static Column field(int i) {
        Column value = try_element_at(col("fields"), lit(i + 1));
        return when(value.notEqual(""), value);
    }

    static Column malformed(int fieldCount) {
        return col("raw").isNull().or(size(col("fields")).notEqual(fieldCount));
    }
}
