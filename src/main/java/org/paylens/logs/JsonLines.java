package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * What the JSON Lines formats share: one record a line, written by the simulation's tasks with its defect, and the
 * lines parsed back by Spark. A null field is left out, as Spark's own JSON writer leaves it out.
 */
final class JsonLines {
    /** Spark's text source reads and writes UTF-8. */
    static final String ENCODING = "UTF-8";
    static final String CORRUPT = "_corrupt_record";
    static final String LOCAL_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ssXXX";

    private JsonLines() {
    }

    private static final byte[] MEMO = ",\"memo\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PADDING = Defects.PADDING.getBytes(StandardCharsets.UTF_8);

    /**
     * A record's line: the JSON object's text with the record's defect, as UTF-8 bytes without the line end. A
     * defective record is cut in half (malformed), has its amount written as text (bad_type:
     * {@code "amountKey":"720円"}), gets a byte that is not UTF-8 (bad_encoding), or ends with a memo field of tens of
     * thousands of characters (oversized).
     *
     * @param fault the record's fault id, or null
     */
    static byte[] line(String json, String fault, String amountKey) {
        if (fault == null) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        int half = Defects.half(json);
        if (fault.equals(Fault.MALFORMED.id())) {
            return json.substring(0, half).getBytes(StandardCharsets.UTF_8);
        }
        if (fault.equals(Fault.BAD_TYPE.id())) {
            String key = "\"" + amountKey + "\":";
            return json.replaceAll(java.util.regex.Pattern.quote(key) + "([0-9]+)", key + "\"$1" + Defects.YEN_SUFFIX + "\"")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (fault.equals(Fault.BAD_ENCODING.id())) {
            return Defects.spoiledUtf8(json);
        }
        if (fault.equals(Fault.OVERSIZED.id())) { // the object's closing brace after a huge memo field
            byte[] head = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream padded = new java.io.ByteArrayOutputStream(head.length + PADDING.length + 16);
            padded.writeBytes(head);
            padded.writeBytes(MEMO);
            padded.writeBytes(PADDING);
            padded.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            return padded.toByteArray();
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a record's line with its defect and a line end; a duplicate record twice. */
    static void writeLine(java.io.OutputStream out, String json, String fault, String amountKey) throws java.io.IOException {
        byte[] line = line(json, fault, amountKey);
        for (int copy = Fault.DUPLICATE.id().equals(fault) ? 2 : 1; copy > 0; copy--) {
            out.write(line);
            out.write('\n');
        }
    }

    /** Appends a JSON string literal, escaped as Spark's JSON writer escapes it. */
    static StringBuilder quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Lines of a directory parsed with the schema: columns raw, the origin columns and json (null fields where absent). */
    static Dataset<Row> parse(SparkSession spark, StructType schema, String... dirs) {
        return ParsedRecords.withOrigin(spark.read().text(dirs)).withColumnRenamed("value", "raw")
                .withColumn("json", from_json(col("raw"), schema.add(CORRUPT, DataTypes.StringType),
                        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
    }

    /**
     * The record's id: parsed, or for a record that does not parse, salvaged from the start of its text so that
     * the quarantine can still say which purchase it was.
     */
    static Column id(String field) {
        Column salvaged = regexp_extract(col("raw"), "\"" + field + "\":([0-9]+)", 1);
        return coalesce(col("json." + field), when(salvaged.notEqual(""), salvaged).try_cast("bigint"));
    }

    static Column malformed() {
        return col("json").isNull().or(col("json." + CORRUPT).isNotNull());
    }

    /** The amount, read as text by the schema (Spark gives a number's text for a string field), as an integer. */
    static Column amount(Column text) {
        return text.try_cast("bigint");
    }

    /** The first defect of the line, or null; see {@link Defects#readError}. */
    static Column readError(Column amountText, Column timeText, Column time) {
        return Defects.readError(col("raw"), malformed(), amountText, amount(amountText), timeText, time);
    }
}
