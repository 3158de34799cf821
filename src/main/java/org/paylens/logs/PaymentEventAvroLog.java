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
 * written by the simulation's tasks with Avro's own writer and read with Spark's Avro data source.
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

    /** The Avro schema Spark's Avro writer gives {@link #SCHEMA}: every field a union with null. */
    private static final String AVRO_SCHEMA = """
            {"type":"record","name":"topLevelRecord","fields":[
             {"name":"event_id","type":["long","null"]},{"name":"event_type","type":["string","null"]},
             {"name":"occurred_at_ms","type":["long","null"]},{"name":"service","type":["string","null"]},
             {"name":"member_id","type":["string","null"]},{"name":"merchant_id","type":["string","null"]},
             {"name":"merchant_name","type":["string","null"]},{"name":"amount_yen","type":["long","null"]},
             {"name":"funding","type":[{"type":"record","name":"funding","namespace":"topLevelRecord","fields":[
               {"name":"issuer","type":["string","null"]},{"name":"account","type":["string","null"]}]},"null"]},
             {"name":"note","type":["string","null"]}]}""";

    @Override
    public String fileExtension() {
        return ".snappy.avro";
    }

    /** An Avro object container file, snappy-compressed as Spark's Avro writer compresses by default. */
    @Override
    public RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(AVRO_SCHEMA);
        org.apache.avro.Schema funding = schema.getField("funding").schema().getTypes().get(0);
        org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord> file = new org.apache.avro.file.DataFileWriter<>(
                new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(schema));
        file.setCodec(org.apache.avro.file.CodecFactory.snappyCodec());
        file.create(schema, out);
        return new RecordFile() {
            @Override
            public void write(RawRecord r) throws java.io.IOException {
                org.apache.avro.generic.GenericData.Record event = new org.apache.avro.generic.GenericData.Record(schema);
                event.put("event_id", r.txnId);
                event.put("event_type", EVENT_TYPE);
                event.put("occurred_at_ms", Defects.epochMillis(r.epochSeconds, r.fault));
                event.put("service", r.scheme);
                event.put("member_id", r.payerRef);
                event.put("merchant_id", r.writtenMerchantId());
                event.put("merchant_name", Fault.BAD_ENCODING.id().equals(r.fault)
                        ? new org.apache.avro.util.Utf8(Defects.spoiledUtf8(r.statementName)) : r.statementName);
                event.put("amount_yen", Fault.MISSING_FIELD.id().equals(r.fault) ? null : r.amountYen);
                if (r.fundingOperator != null) {
                    org.apache.avro.generic.GenericData.Record account = new org.apache.avro.generic.GenericData.Record(funding);
                    account.put("issuer", r.fundingOperator);
                    account.put("account", r.fundingRef);
                    event.put("funding", account);
                }
                event.put("note", Fault.OVERSIZED.id().equals(r.fault) ? Defects.PADDING : null);
                for (int copy = Fault.DUPLICATE.id().equals(r.fault) ? 2 : 1; copy > 0; copy--) {
                    file.append(event);
                }
            }

            @Override
            public void close() throws java.io.IOException {
                file.close();
            }
        };
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
