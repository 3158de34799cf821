package org.paylens.ingest;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import org.paylens.logs.LogFormats;
import org.paylens.pipeline.TaskTables;
import org.paylens.scenario.Fault;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.paylens.ingest.ReadRecords.*;

/**
 * The ingest's second step, in each task: the records of a share of the transaction ids, sorted by (group, id,
 * log, file, position), so that all the records of one transaction id come together in file order. Of each log's
 * sound records of an id the first is accepted and the others are duplicates; a purchase is its receipt joined
 * with its payment record (either alone still makes one); each accepted or quarantined record is written into the
 * canonical and quarantine tables' files of the task. Returns what it wrote, per log.
 */
final class AssembleRecords implements FlatMapFunction<Iterator<InternalRow>, AssembleRecords.Written> {
    private static final ZoneRules JAPAN = ZoneId.of("Asia/Tokyo").getRules();
    private static final java.util.regex.Pattern MERCHANT_ID = java.util.regex.Pattern.compile("^(.*)-[^-]+-[0-9]+$");

    /** What one task wrote: records read, accepted (canonical rows) and quarantined by reason, per log. */
    static final class Written implements Serializable {
        final Map<String, Long> raw = new TreeMap<>();
        final Map<String, Long> accepted = new TreeMap<>();
        final Map<String, Map<String, Long>> quarantined = new TreeMap<>();
        final Map<String, Long> rowsByTable = new TreeMap<>();

        void add(Written other) {
            other.raw.forEach((k, v) -> raw.merge(k, v, Long::sum));
            other.accepted.forEach((k, v) -> accepted.merge(k, v, Long::sum));
            other.quarantined.forEach((log, reasons) -> reasons.forEach((reason, n) ->
                    quarantined.computeIfAbsent(log, l -> new TreeMap<>()).merge(reason, n, Long::sum)));
            other.rowsByTable.forEach((k, v) -> rowsByTable.merge(k, v, Long::sum));
        }
    }

    private final List<RawFile> files;
    private final List<LogRef> logs;
    private final TaskTables.Spec tables;
    private final SerializableConfiguration conf;

    AssembleRecords(List<RawFile> files, List<LogRef> logs, TaskTables.Spec tables, SerializableConfiguration conf) {
        this.files = files;
        this.logs = logs;
        this.tables = tables;
        this.conf = conf;
    }

    @Override
    public Iterator<Written> call(Iterator<InternalRow> rows) throws IOException {
        TaskContext task = TaskContext.get();
        Written written = new Written();
        try (TaskTables out = new TaskTables(tables, conf.value(), task.partitionId(), task.attemptNumber())) {
            Task work = new Task(out, written);
            List<InternalRow> group = new ArrayList<>();
            while (rows.hasNext()) {
                InternalRow row = rows.next();
                written.raw.merge(logs.get(row.getInt(LOG)).name(), 1L, Long::sum);
                if (row.getInt(GROUP) == DEFECTIVE) {
                    work.quarantine(row, row.getUTF8String(REASON));
                    continue;
                }
                if (!group.isEmpty() && (group.get(0).getInt(GROUP) != row.getInt(GROUP) || group.get(0).getLong(KEY) != row.getLong(KEY))) {
                    work.transaction(group);
                    group.clear();
                }
                group.add(row.copy());
            }
            if (!group.isEmpty()) {
                work.transaction(group);
            }
            out.commit();
        }
        return List.of(written).iterator();
    }

    private final class Task {
        private final TaskTables out;
        private final Written written;
        private final UTF8String duplicate = UTF8String.fromString(Fault.DUPLICATE.id());

        Task(TaskTables out, Written written) {
            this.out = out;
            this.written = written;
        }

        /** One transaction id's sound records, in (log, file, position) order. */
        void transaction(List<InternalRow> records) throws IOException {
            List<InternalRow> receipts = new ArrayList<>(1);
            List<InternalRow> payments = new ArrayList<>(1);
            int lastLog = -1;
            for (InternalRow record : records) {
                int log = record.getInt(LOG);
                if (log == lastLog) {
                    quarantine(record, duplicate);
                    continue;
                }
                lastLog = log;
                switch (logs.get(log).kind()) {
                    case POS -> receipts.add(record);
                    case PAYMENT -> payments.add(record);
                    case TOPUP -> topup(record);
                }
            }
            if (receipts.isEmpty()) {
                for (InternalRow payment : payments) {
                    purchase(null, payment);
                }
            } else if (payments.isEmpty()) {
                for (InternalRow receipt : receipts) {
                    purchase(receipt, null);
                }
            } else {
                for (InternalRow receipt : receipts) {
                    for (InternalRow payment : payments) {
                        purchase(receipt, payment);
                    }
                }
            }
        }

        /** A canonical purchase from its receipt, its payment record or both (see IngestStage#TRANSACTIONS). */
        private void purchase(InternalRow r, InternalRow p) throws IOException {
            long txnId = (r != null ? r : p).getLong(TXN_ID);
            long ts = r != null ? r.getLong(TS) : p.getLong(TS);
            long localMicros = localMicros(ts);
            int localDate = (int) Math.floorDiv(localMicros, 86_400_000_000L);
            UTF8String month = month(localDate);
            ArrayData basket = r == null || r.isNullAt(BASKET) ? null : r.getArray(BASKET);
            UTF8String merchant = r != null && !r.isNullAt(MERCHANT) ? r.getUTF8String(MERCHANT) : text(p, MERCHANT);
            UTF8String chain = r != null && !r.isNullAt(CHAIN) ? r.getUTF8String(CHAIN) : chainOf(text(p, MERCHANT));
            UTF8String scheme = p != null && !p.isNullAt(SCHEME) ? p.getUTF8String(SCHEME) : text(r, SCHEME);
            long amount = r != null && !r.isNullAt(AMOUNT) ? r.getLong(AMOUNT) : p.getLong(AMOUNT);
            String posLog = r == null ? null : logs.get(r.getInt(LOG)).name();
            String paymentLog = p == null ? null : logs.get(p.getInt(LOG)).name();
            write(IngestStage.TRANSACTIONS, month, new Object[]{txnId, scheme, ts, localDate, localMicros, merchant, chain, amount,
                    basket == null ? 0 : basket.numElements(), text(p, PAYER), text(p, FUNDING_OPERATOR), text(p, FUNDING_REF),
                    text(r, LOYALTY), text(r, LOYALTY_REF), utf8(posLog), utf8(paymentLog)});
            if (posLog != null) {
                written.accepted.merge(posLog, 1L, Long::sum);
            }
            if (paymentLog != null) {
                written.accepted.merge(paymentLog, 1L, Long::sum);
            }
            if (basket != null) {
                for (int i = 0; i < basket.numElements(); i++) {
                    InternalRow item = basket.isNullAt(i) ? null : basket.getStruct(i, 3);
                    write(IngestStage.BASKET_ITEMS, month, new Object[]{txnId,
                            item == null || item.isNullAt(0) ? null : item.getInt(0),
                            item == null || item.isNullAt(1) ? null : item.getUTF8String(1).copy(),
                            item == null || item.isNullAt(2) ? null : item.getLong(2)});
                }
            }
        }

        private void topup(InternalRow t) throws IOException {
            long ts = t.getLong(TS);
            long localMicros = localMicros(ts);
            int localDate = (int) Math.floorDiv(localMicros, 86_400_000_000L);
            String log = logs.get(t.getInt(LOG)).name();
            write(IngestStage.TOPUPS, month(localDate), new Object[]{t.getLong(TXN_ID), text(t, SCHEME), ts, localDate, localMicros,
                    t.getLong(AMOUNT), text(t, PAYER), text(t, TOPUP_SOURCE), text(t, FUNDING_OPERATOR), text(t, FUNDING_REF), utf8(log)});
            written.accepted.merge(log, 1L, Long::sum);
        }

        /** A record to the quarantine: its log, scheme, file and place, id, reason and text. */
        void quarantine(InternalRow record, UTF8String reason) throws IOException {
            LogRef log = logs.get(record.getInt(LOG));
            // A POS record names its scheme when it can be read; a scheme's own log is that scheme's.
            UTF8String scheme = log.kind() == LogFormats.Kind.POS ? text(record, SCHEME) : utf8(log.subject());
            write(IngestStage.RECORDS, null, new Object[]{utf8(log.name()), scheme, utf8(files.get(record.getInt(FILE)).path()),
                    record.getLong(POSITION), utf8(log.positionUnit()), record.isNullAt(TXN_ID) ? null : record.getLong(TXN_ID),
                    reason.copy(), record.isNullAt(RAW) ? null : record.getUTF8String(RAW).copy()});
            written.quarantined.computeIfAbsent(log.name(), l -> new TreeMap<>()).merge(reason.toString(), 1L, Long::sum);
        }

        private void write(String table, UTF8String month, Object[] values) throws IOException {
            out.write(table, month == null ? null : month.toString(), new GenericInternalRow(values));
            written.rowsByTable.merge(table, 1L, Long::sum);
        }
    }

    /** The wall-clock time in Japan of an instant, as microseconds (Spark's timestamp without zone). */
    static long localMicros(long utcMicros) {
        long seconds = Math.floorDiv(utcMicros, 1_000_000L);
        int offset = JAPAN.getOffset(java.time.Instant.ofEpochSecond(seconds)).getTotalSeconds();
        return utcMicros + offset * 1_000_000L;
    }

    /** yyyy-MM of a day (days since 1970-01-01). */
    static UTF8String month(int epochDay) {
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        int month = date.getMonthValue();
        return UTF8String.fromString((year < 1000 ? String.format("%04d", year) : Integer.toString(year)) + (month < 10 ? "-0" : "-") + month);
    }

    /** What a payment's merchant id says of its chain (merchant ids are chain-place-number): "" when it says nothing. */
    private static UTF8String chainOf(UTF8String merchantId) {
        if (merchantId == null) {
            return null;
        }
        java.util.regex.Matcher m = MERCHANT_ID.matcher(merchantId.toString());
        return UTF8String.fromString(m.matches() ? m.group(1) : "");
    }

    private static UTF8String text(InternalRow row, int field) {
        return row == null || row.isNullAt(field) ? null : row.getUTF8String(field).copy();
    }

    private static UTF8String utf8(String text) {
        return text == null ? null : UTF8String.fromString(text);
    }
}
