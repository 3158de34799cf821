package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.*;

/**
 * A payment platform's event stream as archived from its message bus (d払い and au PAY in the built-in scenarios):
 * Avro object container files, one {@code PaymentCompleted} event per payment, the time in epoch milliseconds (UTC),
 * written and read with Spark's Avro data source.
 * <pre>{event_id: 123, event_type: "PaymentCompleted", occurred_at_ms: 1567308896000, service: "d-barai",
 * member_id: "9c…", merchant_id: "lawson-kanto-00003", merchant_name: "ﾛ-ｿﾝ", amount_yen: 720,
 * funding: {issuer: "docomo", account: "51…"}, note: null}</pre>
 * Avro is typed and framed, so the log carries no truncated events or wrongly typed amounts. A producer that does not
 * check its strings can still put bytes that are not UTF-8 in one (bad_encoding, in the merchant name). A defective
 * time is a millisecond count in the year 10000. The quarantine points at a bad event by its file and its place in it.
 */
public final class PaymentEventAvroLog implements LogFormat {
    static final String EVENT_TYPE = "PaymentCompleted";
    private static final StructType SCHEMA = new StructType()
            .add("event_id", DataTypes.LongType)
            .add("event_type", DataTypes.StringType)
            .add("occurred_at_ms", DataTypes.LongType)
            .add("service", DataTypes.StringType)
            .add("member_id", DataTypes.StringType)
            .add("merchant_id", DataTypes.StringType)
            .add("merchant_name", DataTypes.StringType)
            .add("amount_yen", DataTypes.LongType)
            .add("funding", new StructType().add("issuer", DataTypes.StringType).add("account", DataTypes.StringType))
            .add("note", DataTypes.StringType);

    @Override
    public String id() {
        return "payment-event-avro";
    }

    @Override
    public Set<Fault> faults() {
        return EnumSet.of(Fault.MISSING_FIELD, Fault.BAD_TIMESTAMP, Fault.BAD_ENCODING, Fault.UNKNOWN_MERCHANT,
                Fault.OVERSIZED, Fault.DUPLICATE);
    }

    @Override
    public void write(Dataset<Row> records, String dir) {
        Column merchantName = when(Defects.is(Fault.BAD_ENCODING), Defects.spoiled(col("statement_name"), Defects.INVALID_UTF8_BYTE))
                .otherwise(col("statement_name"));
        LogFormat.writer(records.select(col("txn_id").as("event_id"), lit(EVENT_TYPE).as("event_type"),
                        Defects.epochMillis(col("ts")).as("occurred_at_ms"), col("scheme").as("service"),
                        col("payer_ref").as("member_id"), col("merchant_id"), merchantName.as("merchant_name"),
                        Defects.unlessMissing(col("amount_yen")).cast("long").as("amount_yen"),
                        when(col("funding_operator").isNotNull(), struct(col("funding_operator").as("issuer"),
                                col("funding_ref").as("account"))).as("funding"),
                        when(Defects.is(Fault.OVERSIZED), Defects.PADDING).as("note"), col(LogFormat.LOG))
                ).format("avro").save(dir);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> events = ParsedRecords.withOrigin(spark.read().format("avro").schema(SCHEMA).load(dirs));
        Column millis = col("occurred_at_ms");
        Column ts = Defects.timeOfEpochMillis(millis);
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", col("event_id"));
        fields.put("ts", ts);
        fields.put("merchant_id", col("merchant_id"));
        fields.put("amount_yen", col("amount_yen"));
        fields.put("scheme", col("service"));
        fields.put("payer_ref", col("member_id"));
        fields.put("funding_operator", col("funding.issuer"));
        fields.put("funding_ref", col("funding.account"));
        // Avro keeps no record text; the quarantine keeps the event as read.
        Column raw = to_json(struct(Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new)));
        Column error = Defects.readError(raw, col("event_type").notEqual(EVENT_TYPE), lit(null).cast("string"),
                lit(null).cast("long"), millis, ts);
        return events.select(ParsedRecords.select(fields, raw, error));
    }
}
