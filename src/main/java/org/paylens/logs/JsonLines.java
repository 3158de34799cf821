package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

import static org.apache.spark.sql.functions.*;

/** What the JSON Lines formats share: writing one record a line with its fault, and parsing lines back. */
final class JsonLines {
    static final String CORRUPT = "_corrupt_record";
    /** An impossible local time, as a defective feed writes it. */
    static final String BAD_LOCAL_TIME = "2019-02-30T25:61:00+09:00";
    static final String LOCAL_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ssXXX";

    private JsonLines() {
    }

    /** The value, or null when the record is written with a missing field. */
    static Column unlessMissing(Column value) {
        return when(col("fault").equalTo("missing_field"), lit(null)).otherwise(value);
    }

    /** Japan time with its +09:00 offset, or an impossible time when the record is written with one. */
    static Column localTimeText(Column ts) {
        Column text = concat(date_format(from_utc_timestamp(ts, "Asia/Tokyo"), "yyyy-MM-dd'T'HH:mm:ss"), lit("+09:00"));
        return when(col("fault").equalTo("bad_timestamp"), lit(BAD_LOCAL_TIME)).otherwise(text);
    }

    /** Writes one JSON object a line; a malformed record is cut in half, as a truncated write leaves it. */
    static void write(Dataset<Row> records, Column object, String dir) {
        Column json = to_json(object);
        records.select(when(col("fault").equalTo("malformed"), substring(json, lit(1), length(json).divide(2).cast("int")))
                        .otherwise(json).as("value"))
                .write().mode("overwrite").option("compression", "none").text(dir);
    }

    /** Lines of a directory parsed with the schema: columns raw, source_file and json (null fields where absent). */
    static Dataset<Row> parse(SparkSession spark, String dir, StructType schema) {
        return spark.read().text(dir)
                .select(col("value").as("raw"), ParsedRecords.sourceFile().as("source_file"))
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

    /** malformed, or bad_timestamp when the time is there but is not a time, else null. */
    static Column parseError(Column timeText, Column time) {
        return when(malformed(), lit("malformed")).when(timeText.isNotNull().and(time.isNull()), lit("bad_timestamp"));
    }
}
