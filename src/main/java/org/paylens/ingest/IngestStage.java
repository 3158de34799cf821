package org.paylens.ingest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.paylens.logs.LogFormats;
import org.paylens.pipeline.OutputDir;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.*;

/**
 * Reads every scheme's raw log with its format's reader into the canonical tables (canonical/transactions and
 * canonical/basket_items, partitioned by month) and puts every record that cannot be accepted into
 * quarantine/records with a reason. Fails if raw ≠ accepted + quarantined for any scheme.
 */
public final class IngestStage {
    public static final String TRANSACTIONS = "transactions";
    public static final String BASKET_ITEMS = "basket_items";
    public static final String RECORDS = "records";

    private IngestStage() {
    }

    public static IngestCounts run(SparkSession spark, Scenario scenario, OutputDir out) {
        List<Dataset<Row>> perScheme = new ArrayList<>();
        for (String scheme : scenario.schemes().keySet()) {
            if (out.exists(OutputDir.RAW, scheme)) {
                perScheme.add(LogFormats.forScheme(scenario, scheme).read(spark, out.uri(OutputDir.RAW, scheme))
                        .withColumn("log_scheme", lit(scheme)));
            }
        }
        if (perScheme.isEmpty()) {
            throw new IllegalStateException(out.display(OutputDir.RAW) + " holds no scheme's log");
        }
        Dataset<Row> all = perScheme.stream().reduce(Dataset::unionByName).orElseThrow();
        Dataset<Row> classified = all.withColumn("reason", reason()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            writeCanonical(classified.filter(col("reason").isNull()), out);
            classified.filter(col("reason").isNotNull())
                    .select(col("log_scheme").as("scheme"), col("source_file"), col("reason"), col("raw"))
                    .write().parquet(out.staging(OutputDir.QUARANTINE) + "/" + RECORDS);
            Map<String, Long> rawByScheme = countBy(classified.groupBy("log_scheme").count());
            out.publish(OutputDir.CANONICAL);
            out.publish(OutputDir.QUARANTINE);
            IngestCounts counts = reconcile(spark, scenario, out, rawByScheme);
            if (!counts.reconciles()) {
                throw new IllegalStateException("ingest lost records: raw " + counts.raw() + " ≠ accepted "
                        + counts.accepted() + " + quarantined " + counts.quarantined() + " (" + counts.bySchemes() + ")");
            }
            return counts;
        } finally {
            classified.unpersist();
        }
    }

    /** The first reason a record cannot be accepted, or null. */
    private static Column reason() {
        Column missing = col("txn_id").isNull().or(col("ts").isNull()).or(col("merchant_id").isNull())
                .or(col("chain").isNull()).or(col("amount_yen").isNull()).or(col("basket").isNull());
        return when(col("parse_error").isNotNull(), col("parse_error"))
                .when(missing, lit(QuarantineReason.MISSING_FIELD.id()));
    }

    private static void writeCanonical(Dataset<Row> accepted, OutputDir out) {
        Column localDate = to_date(from_utc_timestamp(col("ts"), "Asia/Tokyo"));
        Dataset<Row> withMonth = accepted
                .withColumn("local_date", localDate)
                .withColumn("month", date_format(localDate, "yyyy-MM"));
        String canonical = out.staging(OutputDir.CANONICAL);
        withMonth.select(col("txn_id"), col("log_scheme").as("scheme"), col("ts"), col("local_date"),
                        col("merchant_id"), col("chain"), col("amount_yen"), size(col("basket")).as("item_count"),
                        col("payer_ref"), col("funding_operator"), col("funding_ref"), col("loyalty"), col("loyalty_ref"),
                        col("month"))
                .write().partitionBy("month").parquet(canonical + "/" + TRANSACTIONS);
        withMonth.select(col("txn_id"), col("month"), explode(col("basket")).as("item"))
                .select(col("txn_id"), col("item.item_no").as("item_no"), col("item.category").as("category"),
                        col("item.price_yen").as("price_yen"), col("month"))
                .write().partitionBy("month").parquet(canonical + "/" + BASKET_ITEMS);
    }

    /** Counts taken from the tables as published, not from the plan that wrote them. */
    private static IngestCounts reconcile(SparkSession spark, Scenario scenario, OutputDir out, Map<String, Long> rawByScheme) {
        Map<String, Long> accepted = countBy(spark.read().parquet(out.uri(OutputDir.CANONICAL, TRANSACTIONS))
                .groupBy("scheme").count());
        Dataset<Row> quarantine = spark.read().parquet(out.uri(OutputDir.QUARANTINE, RECORDS));
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        for (Row row : quarantine.groupBy("scheme", "reason").count().collectAsList()) {
            reasons.computeIfAbsent(row.getString(0), s -> new TreeMap<>()).put(row.getString(1), row.getLong(2));
        }
        Map<String, IngestCounts.SchemeCounts> bySchemes = new LinkedHashMap<>();
        long raw = 0;
        long acceptedTotal = 0;
        long quarantinedTotal = 0;
        for (String scheme : scenario.schemes().keySet()) {
            long schemeRaw = rawByScheme.getOrDefault(scheme, 0L);
            long schemeAccepted = accepted.getOrDefault(scheme, 0L);
            Map<String, Long> byReason = reasons.getOrDefault(scheme, Map.of());
            long schemeQuarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
            bySchemes.put(scheme, new IngestCounts.SchemeCounts(schemeRaw, schemeAccepted, schemeQuarantined, byReason));
            raw += schemeRaw;
            acceptedTotal += schemeAccepted;
            quarantinedTotal += schemeQuarantined;
        }
        return new IngestCounts(raw, acceptedTotal, quarantinedTotal, bySchemes);
    }

    private static Map<String, Long> countBy(Dataset<Row> grouped) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : grouped.collectAsList()) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }
}
