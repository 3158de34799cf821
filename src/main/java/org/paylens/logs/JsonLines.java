package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.util.Map;

import static org.apache.spark.sql.functions.*;

/** What the JSON Lines formats share: writing one record a line with its defect, and parsing lines back. */
final class JsonLines {
    /** Spark's text source reads and writes UTF-8. */
    static final String ENCODING = "UTF-8";
    static final String CORRUPT = "_corrupt_record";
    static final String LOCAL_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ssXXX";

    private JsonLines() {
    }

    /**
     * Writes one JSON object a line. A defective record is cut in half (malformed), has its amount written as text
     * (bad_type: {@code "amountKey":"720円"}), gets a byte that is not UTF-8 (bad_encoding), or ends with a memo
     * field of tens of thousands of characters (oversized).
     *
     * @param amountKey the key of the integer amount in the object
     */
    static void write(Dataset<Row> records, Column object, String amountKey, String dir) {
        Column json = to_json(object);
        Column textAmount = regexp_replace(json, lit("\"" + amountKey + "\":([0-9]+)"),
                lit("\"" + amountKey + "\":\"$1" + Defects.YEN_SUFFIX + "\""));
        LogFormat.writer(records.select(when(Defects.is(Fault.MALFORMED), Defects.truncated(json))
                        .when(Defects.is(Fault.BAD_TYPE), textAmount)
                        .when(Defects.is(Fault.BAD_ENCODING), Defects.spoiled(json, Defects.INVALID_UTF8_BYTE))
                        .when(Defects.is(Fault.OVERSIZED), concat(substring(json, lit(1), length(json).minus(1)),
                                lit(",\"memo\":\""), Defects.PADDING, lit("\"}")))
                        .otherwise(json).as("value"), col(LogFormat.LOG))
                ).option("compression", "none").text(dir);
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
