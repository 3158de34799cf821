package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.paylens.logs.LogFormats;
import org.paylens.logs.MerchantRegistry;
import org.paylens.logs.RawRecords;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Phases;
import org.paylens.pipeline.StageTimer;
import org.paylens.scenario.Scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * Writes the ground truth (truth/) and, from it, every scheme's raw log in its operator's own format (raw/).
 * The truth is written first and read back, so the world is computed once however many logs are written.
 */
public final class GenerateStage {
    /** The stage's two phases, as {@link Phases} records them. */
    public static final String TRUTH_PHASE = "generate truth";
    public static final String LOGS_PHASE = "write raw logs";
    public static final List<String> TRUTH_TABLES = List.of("consumers", "merchants", "transactions", "basket_items", "topups", "faults",
            "id_map");

    /** Records written, for the progress line. */
    public record Result(long consumers, long transactions, long basketItems, int logs, Map<String, String> truthFingerprints) {
    }

    private GenerateStage() {
    }

    public static Result run(SparkSession spark, Scenario scenario, OutputDir out, Phases phases) {
        phases.begin(TRUTH_PHASE);
        long start = System.nanoTime();
        WorldGenerator generator = new WorldGenerator(spark, scenario);
        String truth = out.staging(OutputDir.TRUTH);
        // Written one after another and read back, so each table is computed once from the one before.
        Dataset<Row> consumers = generator.consumers();
        consumers.select(java.util.Arrays.stream(consumers.columns()).filter(c -> !c.startsWith("held_from_"))
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .write().parquet(truth + "/consumers");
        generator.merchants().write().parquet(truth + "/merchants");
        generator.transactions(consumers).write().parquet(truth + "/transactions");
        Dataset<Row> written = spark.read().parquet(truth + "/transactions");
        generator.basketItems(written).write().parquet(truth + "/basket_items");
        generator.topups(written).write().parquet(truth + "/topups");
        RawRecords.faults(scenario, written, spark.read().parquet(truth + "/topups")).write().parquet(truth + "/faults");
        IdMap.of(scenario, spark.read().parquet(truth + "/consumers")).write().parquet(truth + "/id_map");
        out.publish(OutputDir.TRUTH);
        long purchases = spark.read().parquet(out.uri(OutputDir.TRUTH, "transactions")).count();
        double truthSeconds = (System.nanoTime() - start) / 1e9;
        StageTimer.log().info("generate: truth written in {} s — {} purchases/s into Parquet",
                String.format(Locale.ROOT, "%.1f", truthSeconds), String.format(Locale.ROOT, "%,.0f", purchases / truthSeconds));

        phases.begin(LOGS_PHASE);
        Dataset<Row> transactions = spark.read().parquet(out.uri(OutputDir.TRUTH, "transactions"));
        Dataset<Row> basketItems = spark.read().parquet(out.uri(OutputDir.TRUTH, "basket_items"));
        List<LogFormats.Log> logs = LogFormats.of(scenario);
        // Every log needs the truth again; the baskets are grouped once for all the point-of-sale logs.
        Dataset<Row> withBaskets = RawRecords.withBaskets(transactions, basketItems).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            String raw = out.staging(OutputDir.RAW);
            MerchantRegistry.write(spark.read().parquet(out.uri(OutputDir.TRUTH, "merchants")), raw + "/" + MerchantRegistry.DIR);
            Dataset<Row> topups = spark.read().parquet(out.uri(OutputDir.TRUTH, "topups"));
            for (LogFormats.Log log : logs) {
                Dataset<Row> records = switch (log.kind()) {
                    case POS -> RawRecords.pos(scenario, log, withBaskets);
                    case PAYMENT -> RawRecords.payments(scenario, log, transactions);
                    case TOPUP -> RawRecords.topups(scenario, log, topups);
                };
                log.format().write(records, raw + "/" + log.name());
            }
            out.publish(OutputDir.RAW);
        } finally {
            withBaskets.unpersist();
        }

        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String table : TRUTH_TABLES) {
            fingerprints.put(table, fingerprint(spark.read().parquet(out.uri(OutputDir.TRUTH, table))));
        }
        Row counts = spark.read().parquet(out.uri(OutputDir.TRUTH, "consumers")).selectExpr("count(*)").first();
        Result result = new Result(counts.getLong(0), transactions.count(), basketItems.count(), logs.size(), fingerprints);
        phases.end();
        return result;
    }

    /**
     * A table's content, independent of row order and partitioning: its row count and the sum of a 64-bit hash of
     * every row. Equal fingerprints of two runs mean (but for a 2^-64 chance) equal content.
     */
    public static String fingerprint(Dataset<Row> table) {
        Column[] columns = java.util.Arrays.stream(table.columns()).sorted().map(functions::col).toArray(Column[]::new);
        Row row = table.agg(count(lit(1)), coalesce(sum(xxhash64(columns).cast("decimal(38,0)")), lit(0))).first();
        return row.getLong(0) + " rows, checksum " + row.get(1);
    }
}
