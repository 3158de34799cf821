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
 * What the CSV formats share. Lines are built and split by the format itself (values never hold a comma): written
 * by the simulation's tasks, a header first in each file, and read by Spark's CSV source with a delimiter that
 * never occurs, so each raw line stays whole for the quarantine and a truncated line is caught by its field count.
 */
final class CsvLines {
    /** Each file starts with the header line. */
    static final int HEADER_LINES = 1;
    private static final String NEVER = "\u0001";
    private static final String NO_QUOTE = "\u0000";

    private CsvLines() {
    }

    /** The amount as text: empty when missing, "720円" for a wrong type. */
    private static final byte[] PADDING = Defects.PADDING.getBytes(StandardCharsets.US_ASCII);

    /** Opens a task's file of a CSV format: the header first, then a line per record by the format's writeRecord. */
    static RecordFile open(LogFormat format, List<String> header, Charset encoding, java.io.OutputStream out) throws java.io.IOException {
        return RecordFile.ofLines(format, out, (String.join(",", header) + "\n").getBytes(encoding), new byte[0]);
    }

    /**
     * Writes a record's line: the fields joined by commas (null as empty), cut in half (malformed), with tens of
     * thousands of characters more (oversized) or with a byte its encoding forbids in the middle (bad_encoding);
     * a duplicate twice.
     */
    static void writeLine(java.io.OutputStream out, String[] fields, String fault, Charset encoding) throws java.io.IOException {
        StringBuilder text = new StringBuilder(192);
        for (int i = 0; i < fields.length; i++) {
            text.append(i == 0 ? "" : ",").append(fields[i] == null ? "" : fields[i]);
        }
        String line = text.toString();
        byte[] bytes;
        if (Fault.MALFORMED.id().equals(fault)) {
            bytes = line.substring(0, Defects.half(line)).getBytes(encoding);
        } else if (Fault.OVERSIZED.id().equals(fault)) {
            byte[] head = line.getBytes(encoding);
            bytes = java.util.Arrays.copyOf(head, head.length + PADDING.length);
            System.arraycopy(PADDING, 0, bytes, head.length, PADDING.length);
        } else if (Fault.BAD_ENCODING.id().equals(fault)) {
            byte[] encoded = line.getBytes(encoding); // spoiled halfway through its bytes
            bytes = Defects.spoiled(java.util.Arrays.copyOf(encoded, encoded.length / 2),
                    java.util.Arrays.copyOfRange(encoded, encoded.length / 2, encoded.length));
        } else {
            bytes = line.getBytes(encoding);
        }
        for (int copy = Fault.DUPLICATE.id().equals(fault) ? 2 : 1; copy > 0; copy--) {
            out.write(bytes);
            out.write('\n');
        }
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
