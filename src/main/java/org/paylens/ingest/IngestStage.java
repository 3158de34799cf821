package org.paylens.ingest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.paylens.logs.LogFormat;
import org.paylens.logs.LogFormats;
import org.paylens.logs.MerchantRegistry;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Tables;
import org.paylens.scenario.Fault;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.*;

/**
 * Reads every log with its format's reader: the chains' point-of-sale logs (every purchase, with its basket),
 * the scheme operators' payment logs (who paid, from which account) and the prepaid schemes' top-up logs. A purchase in the canonical tables joins its
 * receipt with its payment record by transaction id; either alone still makes a purchase. Every record that
 * cannot be accepted goes to quarantine/records with a reason (a {@link Fault} id). Fails if raw ≠ accepted + quarantined for any log.
 */
public final class IngestStage {
    public static final String TRANSACTIONS = "transactions";
    public static final String BASKET_ITEMS = "basket_items";
    public static final String TOPUPS = "topups";
    public static final String RECORDS = "records";

    /** The most transaction ids with copies that are broadcast to find the duplicates (about 100 bytes each). */
    static final long BROADCAST_COPIES = 500_000;

    private IngestStage() {
    }

    public static IngestCounts run(SparkSession spark, Scenario scenario, OutputDir out) {
        // One reader per format over all of its logs (not one per log), so the plan, and each task's binary, stays
        // small; a record's log is the directory its file is in.
        List<Dataset<Row>> parsed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<LogFormat, List<LogFormats.Log>> byFormat = new LinkedHashMap<>();
        for (LogFormats.Log log : LogFormats.of(scenario)) {
            names.add(log.name());
            if (out.exists(OutputDir.RAW, log.name())) {
                byFormat.computeIfAbsent(log.format(), f -> new ArrayList<>()).add(log);
            }
        }
        byFormat.forEach((format, logs) -> {
            List<Column> schemeOfLog = new ArrayList<>();
            for (LogFormats.Log log : logs) {
                schemeOfLog.add(lit(log.name()));
                schemeOfLog.add(lit(log.kind() == LogFormats.Kind.POS ? null : log.subject()).cast("string"));
            }
            Column logName = regexp_extract(col("source_file"), "([^/]+)/[^/]*$", 1);
            parsed.add(format.read(spark, logs.stream().map(log -> out.uri(OutputDir.RAW, log.name())).toArray(String[]::new))
                    .withColumn("log", logName)
                    .withColumn("kind", lit(logs.get(0).kind().name()))
                    .withColumn("log_scheme", element_at(map(schemeOfLog.toArray(Column[]::new)), col("log")))
                    .withColumn("header_lines", lit(format.headerLines()))
                    .withColumn("position_unit", lit(format.lineEncoding() == null ? "record" : "line")));
        });
        if (parsed.isEmpty()) {
            throw new IllegalStateException(out.display(OutputDir.RAW) + " holds no log");
        }
        if (!out.exists(OutputDir.RAW, MerchantRegistry.DIR)) {
            throw new IllegalStateException(out.display(OutputDir.RAW) + " has no merchant registry (" + MerchantRegistry.DIR
                    + "/); it is written by generate");
        }
        Dataset<Row> registered = MerchantRegistry.read(spark, out.uri(OutputDir.RAW, MerchantRegistry.DIR))
                .select(col("merchant_id").as("registered_merchant"));
        Dataset<Row> withDefects = withOwnDefects(parsed.stream().reduce(Dataset::unionByName).orElseThrow(), registered)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> copied = copies(withDefects).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> classified = withDuplicates(withDefects, copied);
        try {
            writeCanonical(classified.filter(col("reason").isNull()), out);
            withPositions(classified.filter(col("reason").isNotNull()), classified)
                    // A POS record names its scheme when it can be read; a scheme's own log is that scheme's.
                    .select(col("log"), coalesce(col("log_scheme"), col("scheme")).as("scheme"), col("source_file"),
                            col("position"), col("position_unit"), col("txn_id"), col("reason"), col("raw"))
                    .write().parquet(out.staging(OutputDir.QUARANTINE) + "/" + RECORDS);
            Map<String, Long> rawByLog = countBy(classified.groupBy("log").count());
            out.publish(OutputDir.CANONICAL);
            out.publish(OutputDir.QUARANTINE);
            IngestCounts counts = reconcile(spark, names, out, rawByLog);
            if (!counts.reconciles()) {
                throw new IllegalStateException("ingest lost records: raw " + counts.raw() + " ≠ accepted "
                        + counts.accepted() + " + quarantined " + counts.quarantined() + " (" + counts.bySchemes() + ")");
            }
            return counts;
        } finally {
            withDefects.unpersist();
            copied.unpersist();
        }
    }

    /**
     * Adds {@code own_defect}, the first reason a record cannot be accepted on its own, or null: what its reader
     * found (a defect of the text), a missing required field, or a merchant the registry does not list.
     */
    private static Dataset<Row> withOwnDefects(Dataset<Row> records, Dataset<Row> registered) {
        Column purchase = not(isKind(LogFormats.Kind.TOPUP));
        Column missing = col("txn_id").isNull().or(col("ts").isNull()).or(col("amount_yen").isNull()).or(col("scheme").isNull())
                .or(purchase.and(col("merchant_id").isNull()))
                .or(isKind(LogFormats.Kind.POS).and(col("chain").isNull().or(col("basket").isNull())))
                .or(isKind(LogFormats.Kind.TOPUP).and(col("topup_source").isNull()));
        Column ownDefect = when(col("parse_error").isNotNull(), col("parse_error"))
                .when(missing, lit(Fault.MISSING_FIELD.id()))
                .when(purchase.and(col("registered_merchant").isNull()), lit(Fault.UNKNOWN_MERCHANT.id()));
        return records
                .join(broadcast(registered), col("merchant_id").equalTo(col("registered_merchant")), "left")
                .withColumn("own_defect", ownDefect)
                .drop("registered_merchant");
    }

    /**
     * Replaces {@code own_defect} with {@code reason}: the record's own defect, else duplicate when its log already
     * has a sound record of its transaction id (the first copy in file order is kept, and the earliest file by name,
     * so the choice does not depend on partitioning), else null.
     * <p>
     * The copies are found from a narrow aggregation (one row per transaction id of a log with more than one sound
     * record, and the first copy's place) joined back: when they are few, as in any realistic log, they are
     * broadcast, and the wide records (raw text, baskets) are not shuffled at all; a world of more copies than
     * {@link #BROADCAST_COPIES} falls back to a shuffled join rather than a broadcast too big for memory. (Left to
     * adaptive execution, the ingest was slower: it materialises both sides' shuffles before it turns a join into a
     * broadcast.)
     */
    private static Dataset<Row> withDuplicates(Dataset<Row> withDefects, Dataset<Row> copied) {
        return withDefects
                .join(copied.count() <= BROADCAST_COPIES ? broadcast(copied) : copied, col("own_defect").isNull()
                        .and(col("log").equalTo(col("copied_log"))).and(col("txn_id").equalTo(col("copied_txn"))), "left")
                .withColumn("reason", when(col("own_defect").isNotNull(), col("own_defect"))
                        .when(col("first_copy").isNotNull().and(place().notEqual(col("first_copy"))), lit(Fault.DUPLICATE.id())))
                .drop("own_defect", "copied_log", "copied_txn", "first_copy");
    }

    /** The transaction ids a log has more than one sound record of, with the first copy's {@link #place()}. */
    private static Dataset<Row> copies(Dataset<Row> withDefects) {
        return withDefects.filter(col("own_defect").isNull())
                .groupBy(col("log").as("copied_log"), col("txn_id").as("copied_txn"))
                .agg(count(lit(1)).as("copies"), min(place()).as("first_copy"))
                .filter(col("copies").gt(1))
                .select("copied_log", "copied_txn", "first_copy");
    }

    /** Where a record is in its log: file, then block, then order within the block; see ParsedRecords#withOrigin. */
    private static Column place() {
        return struct(col("source_file"), col("block_start"), col("scan_order"));
    }

    /**
     * Adds each record's place in its file, counted from 1: the line for line formats (a CSV header counted), the
     * entry or row for the others. It is the records of the file's earlier blocks, plus the record's rank in its own
     * block (see {@link org.paylens.logs.ParsedRecords#withOrigin}), plus the header.
     */
    private static Dataset<Row> withPositions(Dataset<Row> records, Dataset<Row> allRecords) {
        WindowSpec earlierBlocks = Window.partitionBy(col("source_file")).orderBy(col("block_start"))
                .rowsBetween(Window.unboundedPreceding(), -1);
        Dataset<Row> blocks = allRecords.groupBy(col("source_file"), col("block_start"))
                .agg(min(col("scan_order")).as("block_first"), count(lit(1)).as("block_records"))
                .withColumn("records_before", coalesce(sum(col("block_records")).over(earlierBlocks), lit(0L)));
        return records.join(broadcast(blocks), new String[]{"source_file", "block_start"})
                .withColumn("position", col("header_lines").plus(col("records_before"))
                        .plus(col("scan_order")).minus(col("block_first")).plus(1));
    }

    /** The wall-clock time in Japan (timestamp without zone), kept beside the UTC instant. */
    private static Column japanTime(Column ts) {
        return from_utc_timestamp(ts, "Asia/Tokyo").cast("timestamp_ntz");
    }

    private static Column isKind(LogFormats.Kind kind) {
        return col("kind").equalTo(kind.name());
    }

    private static void writeCanonical(Dataset<Row> accepted, OutputDir out) {
        Dataset<Row> receipts = accepted.filter(isKind(LogFormats.Kind.POS)).select(col("txn_id"), col("log").as("pos_log"),
                col("ts").as("r_ts"), col("merchant_id").as("r_merchant"), col("chain").as("r_chain"),
                col("amount_yen").as("r_amount"), col("scheme").as("r_scheme"), col("loyalty"), col("loyalty_ref"), col("basket"));
        Dataset<Row> payments = accepted.filter(isKind(LogFormats.Kind.PAYMENT)).select(col("txn_id"), col("log").as("payment_log"),
                col("ts").as("p_ts"), col("merchant_id").as("p_merchant"), col("amount_yen").as("p_amount"),
                col("scheme").as("p_scheme"), col("payer_ref"), col("funding_operator"), col("funding_ref"));
        // merchant ids are <chain>-<place>-<number>; a payment without its receipt still names its chain that way
        Column chainOfMerchant = regexp_extract(col("p_merchant"), "^(.*)-[^-]+-[0-9]+$", 1);
        Column ts = coalesce(col("r_ts"), col("p_ts"));
        Column localDate = to_date(from_utc_timestamp(ts, "Asia/Tokyo"));
        Dataset<Row> purchases = receipts.join(payments, new String[]{"txn_id"}, "full_outer")
                .select(col("txn_id"), coalesce(col("p_scheme"), col("r_scheme")).as("scheme"), ts.as("ts"),
                        localDate.as("local_date"), japanTime(ts).as("local_time"),
                        coalesce(col("r_merchant"), col("p_merchant")).as("merchant_id"),
                        coalesce(col("r_chain"), chainOfMerchant).as("chain"),
                        coalesce(col("r_amount"), col("p_amount")).as("amount_yen"),
                        coalesce(size(col("basket")), lit(0)).as("item_count"),
                        col("payer_ref"), col("funding_operator"), col("funding_ref"), col("loyalty"), col("loyalty_ref"),
                        col("pos_log"), col("payment_log"), date_format(localDate, "yyyy-MM").as("month"), col("basket"));
        String canonical = out.staging(OutputDir.CANONICAL);
        Tables.writeByMonth(purchases.drop("basket"), canonical + "/" + TRANSACTIONS);
        Tables.writeByMonth(purchases.filter(col("basket").isNotNull())
                .select(col("txn_id"), col("month"), explode(col("basket")).as("item"))
                .select(col("txn_id"), col("item.item_no").as("item_no"), col("item.category").as("category"),
                        col("item.price_yen").as("price_yen"), col("month")), canonical + "/" + BASKET_ITEMS);
        Column topupDate = to_date(from_utc_timestamp(col("ts"), "Asia/Tokyo"));
        Tables.writeByMonth(accepted.filter(isKind(LogFormats.Kind.TOPUP))
                .select(col("txn_id").as("topup_id"), col("scheme"), col("ts"), topupDate.as("local_date"),
                        japanTime(col("ts")).as("local_time"),
                        col("amount_yen"), col("payer_ref"), col("topup_source").as("source"), col("funding_operator"),
                        col("funding_ref"), col("log").as("topup_log"), date_format(topupDate, "yyyy-MM").as("month")), canonical + "/" + TOPUPS);
    }

    /** Counts taken from the tables as published, not from the plan that wrote them. */
    private static IngestCounts reconcile(SparkSession spark, List<String> logs, OutputDir out, Map<String, Long> rawByLog) {
        Dataset<Row> canonical = Tables.read(spark, out.uri(OutputDir.CANONICAL, TRANSACTIONS));
        Map<String, Long> accepted = new TreeMap<>(countBy(canonical.filter(col("pos_log").isNotNull()).groupBy("pos_log").count()));
        accepted.putAll(countBy(canonical.filter(col("payment_log").isNotNull()).groupBy("payment_log").count()));
        accepted.putAll(countBy(Tables.read(spark, out.uri(OutputDir.CANONICAL, TOPUPS)).groupBy("topup_log").count()));
        Dataset<Row> quarantine = Tables.read(spark, out.uri(OutputDir.QUARANTINE, RECORDS));
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        for (Row row : quarantine.groupBy("log", "reason").count().collectAsList()) {
            reasons.computeIfAbsent(row.getString(0), s -> new TreeMap<>()).put(row.getString(1), row.getLong(2));
        }
        Map<String, IngestCounts.SchemeCounts> byLog = new LinkedHashMap<>();
        long raw = 0;
        long acceptedTotal = 0;
        long quarantinedTotal = 0;
        for (String log : logs) {
            long logRaw = rawByLog.getOrDefault(log, 0L);
            long logAccepted = accepted.getOrDefault(log, 0L);
            Map<String, Long> byReason = reasons.getOrDefault(log, Map.of());
            long logQuarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
            byLog.put(log, new IngestCounts.SchemeCounts(logRaw, logAccepted, logQuarantined, byReason));
            raw += logRaw;
            acceptedTotal += logAccepted;
            quarantinedTotal += logQuarantined;
        }
        return new IngestCounts(raw, acceptedTotal, quarantinedTotal, byLog);
    }

    private static Map<String, Long> countBy(Dataset<Row> grouped) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : grouped.collectAsList()) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }
}
