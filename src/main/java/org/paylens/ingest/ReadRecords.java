package org.paylens.ingest;

import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import org.paylens.logs.LogFormats;
import org.paylens.logs.ParsedRecord;
import org.paylens.logs.ParsedRecords;
import org.paylens.logs.RecordReader;
import org.paylens.pipeline.LookAheadIterator;
import org.paylens.scenario.Fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The ingest's first step, in each task: reads raw files with their formats' readers and gives each record as a
 * row of {@link #SHUFFLED}, with the first reason it cannot be accepted on its own (what its reader found, a
 * missing required field, or a merchant the registry does not list), ready to be sent to the task that handles its
 * transaction id.
 */
final class ReadRecords implements FlatMapFunction<Iterator<Integer>, InternalRow> {
    /** Which rows meet in one place: a purchase's receipts and payments, a top-up's records, or neither. */
    static final int PURCHASE = 0;
    static final int TOPUP = 1;
    static final int DEFECTIVE = 2;

    static final int GROUP = 0;
    /** The transaction id for purchases and top-ups; for a defective record, its place (file, position). */
    static final int KEY = 1;
    static final int LOG = 2;
    static final int FILE = 3;
    static final int POSITION = 4;
    static final int REASON = 5;
    static final int FIELDS = 6;
    static final int TXN_ID = FIELDS;
    static final int TS = FIELDS + 1;
    static final int MERCHANT = FIELDS + 2;
    static final int CHAIN = FIELDS + 3;
    static final int AMOUNT = FIELDS + 4;
    static final int SCHEME = FIELDS + 5;
    static final int PAYER = FIELDS + 6;
    static final int FUNDING_OPERATOR = FIELDS + 7;
    static final int FUNDING_REF = FIELDS + 8;
    static final int LOYALTY = FIELDS + 9;
    static final int LOYALTY_REF = FIELDS + 10;
    static final int TOPUP_SOURCE = FIELDS + 11;
    static final int BASKET = FIELDS + 12;
    static final int RAW = FIELDS + ParsedRecords.FIELDS.size();

    /** A record as it is sent between the ingest's two steps. */
    static final StructType SHUFFLED;

    static {
        StructType shape = new StructType()
                .add("record_group", DataTypes.IntegerType)
                .add("shuffle_key", DataTypes.LongType)
                .add("log", DataTypes.IntegerType)
                .add("file", DataTypes.IntegerType)
                .add("position", DataTypes.LongType)
                .add("reason", DataTypes.StringType);
        for (StructField field : ParsedRecords.FIELDS.fields()) {
            shape = shape.add(field);
        }
        SHUFFLED = shape.add("raw", DataTypes.StringType);
    }

    /** A raw file: its path and the index of its log in the list of logs. */
    record RawFile(String path, int log) implements java.io.Serializable {
    }

    /** A log as the tasks need it (its format by id: formats are found again in each task). */
    record LogRef(String name, LogFormats.Kind kind, String subject, String formatId, String positionUnit)
            implements java.io.Serializable {
        static LogRef of(LogFormats.Log log) {
            return new LogRef(log.name(), log.kind(), log.subject(), log.format().id(),
                    log.format().lineEncoding() == null ? "record" : "line");
        }

        org.paylens.logs.LogFormat format() {
            return LogFormats.byId(formatId);
        }
    }

    private final List<RawFile> files;
    private final List<LogRef> logs;
    private final Broadcast<Set<String>> registered;
    private final SerializableConfiguration conf;

    ReadRecords(List<RawFile> files, List<LogRef> logs, Broadcast<Set<String>> registered, SerializableConfiguration conf) {
        this.files = files;
        this.logs = logs;
        this.registered = registered;
        this.conf = conf;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Integer> fileIndexes) {
        Set<String> merchants = registered.value();
        return new LookAheadIterator<>() {
            private final ParsedRecord record = new ParsedRecord();
            private RecordReader reader;
            private int file;

            @Override
            protected InternalRow computeNext() {
                try {
                    while (true) {
                        if (reader == null) {
                            if (!fileIndexes.hasNext()) {
                                return null;
                            }
                            file = fileIndexes.next();
                            RawFile raw = files.get(file);
                            reader = logs.get(raw.log()).format().reader(conf.value(), new Path(raw.path()));
                            RecordReader opened = reader;
                            TaskContext context = TaskContext.get();
                            if (context != null) {
                                context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) done -> closeQuietly(opened));
                            }
                        }
                        if (reader.next(record)) {
                            return row(file, record, merchants);
                        }
                        reader.close();
                        reader = null;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read " + files.get(file).path(), e);
                }
            }
        };
    }

    private InternalRow row(int file, ParsedRecord r, Set<String> merchants) {
        int log = files.get(file).log();
        LogFormats.Kind kind = logs.get(log).kind();
        String reason = ownDefect(r, kind, merchants);
        Object[] row = new Object[SHUFFLED.size()];
        int group = reason != null ? DEFECTIVE : kind == LogFormats.Kind.TOPUP ? TOPUP : PURCHASE;
        row[GROUP] = group;
        row[KEY] = group == DEFECTIVE ? ((long) file << 32) + r.position : r.txnId;
        row[LOG] = log;
        row[FILE] = file;
        row[POSITION] = r.position;
        row[REASON] = reason == null ? null : UTF8String.fromString(reason);
        Object[] fields = new Object[ParsedRecords.FIELDS.size()];
        ParsedRecords.fill(r, fields);
        System.arraycopy(fields, 0, row, FIELDS, fields.length);
        row[RAW] = r.raw == null ? null : UTF8String.fromBytes(r.raw);
        return new GenericInternalRow(row);
    }

    /**
     * The first reason a record cannot be accepted on its own, or null: what its reader found (a defect of the
     * text), a missing required field, or a merchant the registry does not list.
     */
    static String ownDefect(ParsedRecord r, LogFormats.Kind kind, Set<String> registered) {
        if (r.parseError != null) {
            return r.parseError;
        }
        boolean purchase = kind != LogFormats.Kind.TOPUP;
        boolean missing = r.txnId == null || r.tsMicros == null || r.amountYen == null || r.scheme == null
                || purchase && r.merchantId == null
                || kind == LogFormats.Kind.POS && (r.chain == null || r.basket == null)
                || kind == LogFormats.Kind.TOPUP && r.topupSource == null;
        if (missing) {
            return Fault.MISSING_FIELD.id();
        }
        if (purchase && !registered.contains(r.merchantId)) {
            return Fault.UNKNOWN_MERCHANT.id();
        }
        return null;
    }

    private static void closeQuietly(RecordReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // the task is over; nothing more is read from it
        }
    }
}
