package org.paylens.generate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.paylens.logs.LogFormat;
import org.paylens.logs.LogFormats;
import org.paylens.logs.RawRecords;
import org.paylens.pipeline.OutputDir;
import org.paylens.scenario.Scenario;

import java.util.List;

/**
 * Writes the ground truth (truth/) and, from it, every scheme's raw log in its operator's own format (raw/).
 * The truth is written first and read back, so the world is computed once however many logs are written.
 */
public final class GenerateStage {
    public static final List<String> TRUTH_TABLES = List.of("consumers", "transactions", "basket_items", "topups");

    /** Records written, for the progress line. */
    public record Result(long consumers, long transactions, long basketItems, int schemes) {
    }

    private GenerateStage() {
    }

    public static Result run(SparkSession spark, Scenario scenario, OutputDir out) {
        WorldGenerator generator = new WorldGenerator(spark, scenario);
        String truth = out.staging(OutputDir.TRUTH);
        // Written one after another and read back, so each table is computed once from the one before.
        Dataset<Row> consumers = generator.consumers();
        consumers.select(java.util.Arrays.stream(consumers.columns()).filter(c -> !c.startsWith("held_from_"))
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .write().parquet(truth + "/consumers");
        generator.transactions(consumers).write().parquet(truth + "/transactions");
        Dataset<Row> written = spark.read().parquet(truth + "/transactions");
        generator.basketItems(written).write().parquet(truth + "/basket_items");
        generator.topups(written).write().parquet(truth + "/topups");
        out.publish(OutputDir.TRUTH);

        Dataset<Row> transactions = spark.read().parquet(out.uri(OutputDir.TRUTH, "transactions"));
        Dataset<Row> basketItems = spark.read().parquet(out.uri(OutputDir.TRUTH, "basket_items"));
        // Every scheme's log needs the baskets nested; group them once, not once per scheme.
        Dataset<Row> withBaskets = RawRecords.withBaskets(transactions, basketItems).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            String raw = out.staging(OutputDir.RAW);
            for (String scheme : scenario.schemes().keySet()) {
                LogFormat format = LogFormats.forScheme(scenario, scheme);
                format.write(RawRecords.of(scenario, scheme, withBaskets), raw + "/" + scheme);
            }
            out.publish(OutputDir.RAW);
        } finally {
            withBaskets.unpersist();
        }

        Row counts = spark.read().parquet(out.uri(OutputDir.TRUTH, "consumers")).selectExpr("count(*)").first();
        return new Result(counts.getLong(0), transactions.count(), basketItems.count(), scenario.schemes().size());
    }
}
