package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * JSON Lines, one purchase per line, basket nested, local time with a +09:00 offset: how a store wallet's
 * back end typically exports. A defective record ({@code fault} set) is written cut in half, as a truncated
 * write would leave it.
 */
public final class JsonLinesLog implements LogFormat {
    static final String TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ssXXX";
    private static final String CORRUPT = "_corrupt_record";

    /** The JSON as written: the timestamp is text with its offset, everything else as in {@link ParsedRecords}. */
    private static final StructType JSON_SCHEMA = jsonSchema();

    @Override
    public String id() {
        return "jsonl";
    }

    @Override
    public void write(Dataset<Row> records, String dir) {
        Column localTime = concat(date_format(from_utc_timestamp(col("ts"), "Asia/Tokyo"), "yyyy-MM-dd'T'HH:mm:ss"), lit("+09:00"));
        Column json = to_json(struct(col("txn_id"), localTime.as("ts"), col("merchant_id"), col("chain"),
                col("amount_yen"), col("scheme"), col("payer_ref"), col("funding_operator"), col("funding_ref"),
                col("loyalty"), col("loyalty_ref"), col("basket")));
        records.select(when(col("fault").equalTo("malformed"), substring(json, lit(1), length(json).divide(2).cast("int")))
                        .otherwise(json).as("value"))
                .write().mode("overwrite").option("compression", "none").text(dir);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String dir) {
        Dataset<Row> lines = spark.read().text(dir)
                .select(col("value").as("raw"), col("_metadata.file_path").as("source_file"));
        Column parsed = from_json(col("raw"), JSON_SCHEMA, Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
        Dataset<Row> withJson = lines.withColumn("json", parsed);
        Column tsText = col("json.ts");
        Column ts = try_to_timestamp(tsText, lit(TIME_PATTERN));
        Column error = when(col("json").isNull().or(col("json." + CORRUPT).isNotNull()), lit("malformed"))
                .when(tsText.isNotNull().and(ts.isNull()), lit("bad_timestamp"));
        Column[] fields = Arrays.stream(ParsedRecords.FIELDS.fieldNames())
                .map(name -> name.equals("ts") ? ts.as("ts") : col("json." + name).as(name))
                .toArray(Column[]::new);
        return withJson.select(concatColumns(fields, col("source_file"), col("raw"), error.as("parse_error")));
    }

    private static Column[] concatColumns(Column[] fields, Column... more) {
        Column[] all = Arrays.copyOf(fields, fields.length + more.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return all;
    }

    private static StructType jsonSchema() {
        StructType schema = new StructType();
        for (StructField field : ParsedRecords.FIELDS.fields()) {
            schema = schema.add(field.name(), field.name().equals("ts") ? DataTypes.StringType : field.dataType());
        }
        return schema.add(CORRUPT, DataTypes.StringType);
    }
}
