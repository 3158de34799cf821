package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.*;

/**
 * An e-money issuer's usage records (Suica, nanaco, WAON): Parquet, as a data-lake export, one row per use of a
 * card at a terminal, the time as the card reader's compact local text (yyyyMMddHHmmss, Japan time), the amount
 * as an int, the card by the issuer's own id.
 * <pre>use_no=123, used_at="20190901123456", terminal="seven-eleven-kanto-00012", amount=720, card_id="3f…",
 * brand="nanaco"</pre>
 * Parquet is typed and framed, so it carries no truncated records, wrong types or invalid bytes; the quarantine
 * points at a bad row by its file and its place in it.
 */
public final class EmoneyParquetLog implements LogFormat {
    private static final String LOCAL_PATTERN = "yyyyMMddHHmmss";
    private static final StructType SCHEMA = new StructType()
            .add("use_no", DataTypes.LongType)
            .add("used_at", DataTypes.StringType)
            .add("terminal", DataTypes.StringType)
            .add("amount", DataTypes.IntegerType)
            .add("card_id", DataTypes.StringType)
            .add("brand", DataTypes.StringType)
            .add("terminal_note", DataTypes.StringType);

    @Override
    public String id() {
        return "emoney-parquet";
    }

    @Override
    public Set<Fault> faults() {
        return EnumSet.of(Fault.MISSING_FIELD, Fault.BAD_TIMESTAMP, Fault.UNKNOWN_MERCHANT, Fault.OVERSIZED, Fault.DUPLICATE);
    }

    @Override
    public void write(Dataset<Row> records, String dir) {
        Column usedAt = when(Defects.is(Fault.BAD_TIMESTAMP), lit("20190230256100"))
                .otherwise(date_format(from_utc_timestamp(col("ts"), "Asia/Tokyo"), LOCAL_PATTERN));
        LogFormat.writer(records.select(col("txn_id").as("use_no"), usedAt.as("used_at"), col("merchant_id").as("terminal"),
                        Defects.unlessMissing(col("amount_yen").cast("int")).as("amount"), col("payer_ref").as("card_id"),
                        col("scheme").as("brand"),
                        when(Defects.is(Fault.OVERSIZED), Defects.PADDING).as("terminal_note"), col(LogFormat.LOG))
                ).parquet(dir);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> rows = ParsedRecords.withOrigin(spark.read().schema(SCHEMA).parquet(dirs));
        Column ts = to_utc_timestamp(try_to_timestamp(col("used_at"), lit(LOCAL_PATTERN)), "Asia/Tokyo");
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", col("use_no"));
        fields.put("ts", ts);
        fields.put("merchant_id", col("terminal"));
        fields.put("amount_yen", col("amount").cast("long"));
        fields.put("scheme", col("brand"));
        fields.put("payer_ref", col("card_id"));
        // Parquet keeps no record text; the quarantine keeps the row as read.
        Column raw = to_json(struct(col("use_no"), col("used_at"), col("terminal"), col("amount"), col("card_id"), col("brand"),
                col("terminal_note")));
        Column error = Defects.readError(raw, lit(false), lit(null).cast("string"), lit(null).cast("long"), col("used_at"), ts);
        return rows.select(ParsedRecords.select(fields, raw, error));
    }
}
