package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.scenario.Fault;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * What the CSV formats share. Lines are built and split by the format itself (values never hold a comma), and
 * Spark's CSV source does the file work — a header per file and the file's encoding — with a delimiter that never
 * occurs, so each raw line stays whole for the quarantine and a truncated line is caught by its field count.
 */
final class CsvLines {
    /** Each file starts with the header line. */
    static final int HEADER_LINES = 1;
    private static final String NEVER = "\u0001";
    private static final String NO_QUOTE = "\u0000";
    /**
     * Lines are encoded to the file's charset by Spark's encode() and handed to the CSV writer as ISO-8859-1 text,
     * one char per byte, so the writer puts those bytes in the file unchanged. A charset encoder cannot write a byte
     * its charset forbids; this way a bad_encoding record can carry one.
     */
    private static final String BYTES_AS_CHARS = "ISO-8859-1";
    /** 0xFF as one ISO-8859-1 char: neither UTF-8 nor Shift_JIS allows that byte. */
    private static final String INVALID_BYTE = "\u00FF";

    private CsvLines() {
    }

    /** The amount as text: empty when missing, "720円" for a wrong type. */
    static Column amountText(Column amount) {
        return coalesce(Defects.amountText(amount), lit(""));
    }

    static void write(Dataset<Row> records, List<String> header, List<Column> fields, String encoding, String dir) {
        Column line = concat_ws(",", fields.stream().map(f -> coalesce(f.cast("string"), lit(""))).toArray(Column[]::new));
        Column text = when(Defects.is(Fault.MALFORMED), Defects.truncated(line))
                .when(Defects.is(Fault.OVERSIZED), concat(line, Defects.PADDING))
                .otherwise(line);
        Column bytes = decode(encode(text, encoding), BYTES_AS_CHARS);
        String headerBytes = new String(String.join(",", header).getBytes(Charset.forName(encoding)), StandardCharsets.ISO_8859_1);
        LogFormat.writer(records.select(when(Defects.is(Fault.BAD_ENCODING), Defects.spoiled(bytes, lit(INVALID_BYTE))).otherwise(bytes)
                        .as(headerBytes), col(LogFormat.LOG))
                ).option("header", "true").option("encoding", BYTES_AS_CHARS)
                .option("delimiter", NEVER).option("quote", NO_QUOTE).option("compression", "none").csv(dir);
    }

    /**
     * Lines of a directory without the headers: columns raw, the origin columns and fields (the split line). The header
     * lines are dropped by their text, so Spark's header check (which compares them with a one-column schema and
     * warns) stays out of the way.
     */
    static Dataset<Row> parse(SparkSession spark, String encoding, List<String> header, String... dirs) {
        return ParsedRecords.withOrigin(spark.read().option("header", "false").option("encoding", encoding)
                        .option("delimiter", NEVER).option("quote", NO_QUOTE).schema("raw STRING").csv(dirs))
                .filter(col("raw").isNull().or(col("raw").notEqual(String.join(",", header))))
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

    /** The first defect of the line, or null; see {@link Defects#readError}. */
    static Column readError(int fieldCount, Column amountText, Column timeText, Column time) {
        return Defects.readError(col("raw"), malformed(fieldCount), amountText, amountText.try_cast("bigint"), timeText, time);
    }
}
