package org.paylens.logs;

import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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
    @Override
    public String id() {
        return "emoney-parquet";
    }

    @Override
    public Set<Fault> faults() {
        return EnumSet.of(Fault.MISSING_FIELD, Fault.BAD_TIMESTAMP, Fault.UNKNOWN_MERCHANT, Fault.OVERSIZED, Fault.DUPLICATE);
    }

    private static final WallClock LOCAL_TIME = WallClock.of(LOCAL_PATTERN, WallClock.JAPAN);
    private static final org.apache.parquet.schema.MessageType PARQUET = org.apache.parquet.schema.MessageTypeParser.parseMessageType("""
            message spark_schema {
              optional int64 use_no;
              optional binary used_at (STRING);
              optional binary terminal (STRING);
              optional int32 amount;
              optional binary card_id (STRING);
              optional binary brand (STRING);
              optional binary terminal_note (STRING);
            }""");

    @Override
    public String fileExtension() {
        return ".snappy.parquet";
    }

    /** A Parquet file in {@link #PARQUET}, snappy-compressed as Spark writes Parquet by default. */
    @Override
    public RecordFile open(java.io.OutputStream out) throws java.io.IOException {
        org.apache.parquet.hadoop.ParquetWriter<RawRecord> writer = new Builder(new StreamOutputFile(out))
                .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY).build();
        return new RecordFile() {
            @Override
            public void write(RawRecord r) throws java.io.IOException {
                for (int copy = Fault.DUPLICATE.id().equals(r.fault) ? 2 : 1; copy > 0; copy--) {
                    writer.write(r);
                }
            }

            @Override
            public void close() throws java.io.IOException {
                writer.close();
            }
        };
    }

    private static final class Builder extends org.apache.parquet.hadoop.ParquetWriter.Builder<RawRecord, Builder> {
        Builder(org.apache.parquet.io.OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected org.apache.parquet.hadoop.api.WriteSupport<RawRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new UseWriteSupport();
        }
    }

    /** Writes a use of a card as one row. */
    private static final class UseWriteSupport extends org.apache.parquet.hadoop.api.WriteSupport<RawRecord> {
        private org.apache.parquet.io.api.RecordConsumer row;

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(PARQUET, new HashMap<>());
        }

        @Override
        public void prepareForWrite(org.apache.parquet.io.api.RecordConsumer recordConsumer) {
            row = recordConsumer;
        }

        @Override
        public void write(RawRecord r) {
            row.startMessage();
            row.startField("use_no", 0);
            row.addLong(r.txnId);
            row.endField("use_no", 0);
            text(1, "used_at", Fault.BAD_TIMESTAMP.id().equals(r.fault) ? "20190230256100" : LOCAL_TIME.format(r.epochSeconds));
            text(2, "terminal", r.writtenMerchantId());
            if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
                row.startField("amount", 3);
                row.addInteger(Math.toIntExact(r.amountYen));
                row.endField("amount", 3);
            }
            text(4, "card_id", r.payerRef);
            text(5, "brand", r.scheme);
            text(6, "terminal_note", Fault.OVERSIZED.id().equals(r.fault) ? Defects.PADDING : null);
            row.endMessage();
        }

        private void text(int index, String name, String value) {
            if (value != null) {
                row.startField(name, index);
                row.addBinary(org.apache.parquet.io.api.Binary.fromString(value));
                row.endField(name, index);
            }
        }
    }

    /** Reads the rows with parquet-mr's own reader, each column by its name. */
    @Override
    public RecordReader reader(org.apache.hadoop.conf.Configuration conf, org.apache.hadoop.fs.Path file) throws java.io.IOException {
        org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> rows = org.apache.parquet.hadoop.ParquetReader
                .builder(new org.apache.parquet.hadoop.example.GroupReadSupport(), file).withConf(conf).build();
        return new RecordReader() {
            private long ordinal;

            @Override
            public boolean next(ParsedRecord r) throws java.io.IOException {
                org.apache.parquet.example.data.Group row = rows.read();
                if (row == null) {
                    return false;
                }
                r.clear();
                r.position = ++ordinal;
                read(row, r);
                return true;
            }

            @Override
            public void close() throws java.io.IOException {
                rows.close();
            }
        };
    }

    private static void read(org.apache.parquet.example.data.Group row, ParsedRecord r) {
        String usedAt = text(row, "used_at");
        Integer amount = has(row, "amount") ? row.getInteger("amount", 0) : null;
        r.txnId = has(row, "use_no") ? row.getLong("use_no", 0) : null;
        r.tsMicros = LOCAL_TIME.parseMicros(usedAt);
        r.merchantId = text(row, "terminal");
        r.amountYen = amount == null ? null : amount.longValue();
        r.scheme = text(row, "brand");
        r.payerRef = text(row, "card_id");
        // Parquet keeps no record text; the quarantine keeps the row as read.
        String text = new RowJson().put("use_no", r.txnId).put("used_at", usedAt).put("terminal", r.merchantId).put("amount", amount)
                .put("card_id", r.payerRef).put("brand", r.scheme).put("terminal_note", text(row, "terminal_note")).text();
        r.raw = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        r.parseError = Defects.readError(text.indexOf('\uFFFD') >= 0, text, false, null, null, usedAt, r.tsMicros);
    }

    private static boolean has(org.apache.parquet.example.data.Group row, String field) {
        return row.getType().containsField(field) && row.getFieldRepetitionCount(field) > 0;
    }

    private static String text(org.apache.parquet.example.data.Group row, String field) {
        return has(row, field) ? row.getString(field, 0) : null;
    }
}
