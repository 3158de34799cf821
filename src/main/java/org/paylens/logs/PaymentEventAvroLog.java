package org.paylens.logs;

import java.nio.charset.StandardCharsets;

import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.Set;

/**
 * A payment platform's event stream as archived from its message bus (d払い and au PAY in the built-in scenarios):
 * Avro object container files, one {@code PaymentCompleted} event per payment, the time in epoch milliseconds (UTC),
 * written by the simulation's tasks with Avro's own writer and read back with Avro's own reader.
 * <pre>{event_id: 123, event_type: "PaymentCompleted", occurred_at_ms: 1567308896000, service: "d-barai",
 * member_id: "9c…", merchant_id: "lawson-kanto-00003", merchant_name: "ﾛ-ｿﾝ", amount_yen: 720,
 * funding: {issuer: "docomo", account: "51…"}, note: null}</pre>
 * Avro is typed and framed, so the log carries no truncated events or wrongly typed amounts. A producer that does not
 * check its strings can still put bytes that are not UTF-8 in one (bad_encoding, in the merchant name). A defective
 * time is a millisecond count in the year 10000. The quarantine points at a bad event by its file and its place in it.
 */
public final class PaymentEventAvroLog implements LogFormat {
    static final String EVENT_TYPE = "PaymentCompleted";
    @Override
    public String id() {
        return "payment-event-avro";
    }

    @Override
    public Set<Fault> faults() {
        return EnumSet.of(Fault.MISSING_FIELD, Fault.BAD_TIMESTAMP, Fault.BAD_ENCODING, Fault.UNKNOWN_MERCHANT,
                Fault.OVERSIZED, Fault.DUPLICATE);
    }

    /** The events' Avro schema, as Spark's Avro writer would give it: every field a union with null. */
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

    /**
     * Reads the events with Avro's own reader, each field by its name in the file's schema. A file that breaks off
     * ends with one malformed record holding the reader's message.
     */
    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        java.io.InputStream in = file.getFileSystem(conf).open(file);
        org.apache.avro.file.DataFileStream<org.apache.avro.generic.GenericRecord> events;
        try {
            events = new org.apache.avro.file.DataFileStream<>(in, new org.apache.avro.generic.GenericDatumReader<>());
        } catch (java.io.IOException e) {
            in.close();
            throw new java.io.IOException(file + ": not an Avro file: " + e.getMessage(), e);
        }
        return new RecordReader() {
            private long ordinal;
            private boolean broken;
            private org.apache.avro.generic.GenericRecord event;

            @Override
            public boolean next(ParsedRecord r) {
                if (broken) {
                    return false;
                }
                try {
                    if (!events.hasNext()) {
                        return false;
                    }
                    event = events.next(event);
                } catch (RuntimeException | java.io.IOException e) { // Avro reports a broken block unchecked
                    broken = true;
                    r.clear();
                    r.position = ++ordinal;
                    r.raw = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
                    r.parseError = Fault.MALFORMED.id();
                    return true;
                }
                r.clear();
                r.position = ++ordinal;
                read(event, r);
                return true;
            }

            @Override
            public void close() throws java.io.IOException {
                events.close();
            }
        };
    }

    private static void read(org.apache.avro.generic.GenericRecord event, ParsedRecord r) {
        Long millis = (Long) value(event, "occurred_at_ms");
        String eventType = text(event, "event_type");
        org.apache.avro.generic.GenericRecord funding = (org.apache.avro.generic.GenericRecord) value(event, "funding");
        r.txnId = (Long) value(event, "event_id");
        r.tsMicros = Defects.microsOfEpochMillis(millis);
        r.merchantId = text(event, "merchant_id");
        r.amountYen = (Long) value(event, "amount_yen");
        r.scheme = text(event, "service");
        r.payerRef = text(event, "member_id");
        r.fundingOperator = text(funding, "issuer");
        r.fundingRef = text(funding, "account");
        // Avro keeps no record text; the quarantine keeps the event as read.
        RowJson raw = new RowJson().put("event_id", r.txnId).put("event_type", eventType).put("occurred_at_ms", millis)
                .put("service", r.scheme).put("member_id", r.payerRef).put("merchant_id", r.merchantId)
                .put("merchant_name", text(event, "merchant_name")).put("amount_yen", r.amountYen);
        raw.object("funding", funding != null).put("issuer", r.fundingOperator).put("account", r.fundingRef);
        raw.put("note", text(event, "note"));
        String text = raw.text();
        r.raw = text.getBytes(StandardCharsets.UTF_8);
        r.parseError = Defects.readError(text.indexOf('\uFFFD') >= 0, text, eventType != null && !eventType.equals(EVENT_TYPE),
                null, null, millis, r.tsMicros);
    }

    private static Object value(org.apache.avro.generic.GenericRecord record, String field) {
        return record == null || !record.hasField(field) ? null : record.get(field);
    }

    /** A string field's text; bytes that are not UTF-8 are read as U+FFFD. */
    private static String text(org.apache.avro.generic.GenericRecord record, String field) {
        Object value = value(record, field);
        return value == null ? null : value.toString();
    }
}
