package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.paylens.logs.LogFormats;
import org.paylens.logs.MerchantRegistry;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Phases;
import org.paylens.pipeline.StageTimer;
import org.paylens.scenario.Scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * Writes the ground truth (truth/) and every scheme's raw log in its operator's own format (raw/). The consumers
 * are simulated by Spark tasks that write the truth as they go, then simulated again by tasks that write the raw
 * logs (the same purchases, since the world is a function of the scenario; nothing is read back).
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
        // One job simulates the consumers, its tasks writing every truth table but the merchants (the driver's) as
        // they go; each table is fingerprinted as it is written.
        Map<String, String> simulated = generator.writeTruth(truth);
        simulated.put("merchants", generator.writeMerchants(truth + "/merchants"));
        Map<String, String> fingerprints = new LinkedHashMap<>();
        TRUTH_TABLES.forEach(table -> fingerprints.put(table, simulated.get(table)));
        out.publish(OutputDir.TRUTH);
        long purchases = rowsOf(fingerprints.get("transactions"));
        double truthSeconds = (System.nanoTime() - start) / 1e9;
        StageTimer.log().info("generate: truth written in {} s — {} purchases/s into Parquet",
                String.format(Locale.ROOT, "%.1f", truthSeconds), String.format(Locale.ROOT, "%,.0f", purchases / truthSeconds));

        phases.begin(LOGS_PHASE);
        List<LogFormats.Log> logs = LogFormats.of(scenario);
        String raw = out.staging(OutputDir.RAW);
        MerchantRegistry.write(spark.sparkContext().hadoopConfiguration(), generator.merchants().stream()
                .map(m -> new MerchantRegistry.Entry(m.merchantId(), m.chain(), m.name(), m.region(), m.online(), m.category(),
                        m.accepted())).toList(), raw + "/" + MerchantRegistry.DIR);
        writeLogs(spark, generator, logs, raw);
        out.publish(OutputDir.RAW);

        Result result = new Result(rowsOf(fingerprints.get("consumers")), purchases, rowsOf(fingerprints.get("basket_items")),
                logs.size(), fingerprints);
        phases.end();
        return result;
    }

    /**
     * Every log, by the simulation's tasks in one job ({@link WorldGenerator#writeTaskLogs}); a log without records
     * is an empty directory.
     */
    private static void writeLogs(SparkSession spark, WorldGenerator generator, List<LogFormats.Log> logs, String raw) {
        generator.writeTaskLogs(logs, raw);
        try {
            Path rawPath = new Path(raw);
            FileSystem fs = rawPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (LogFormats.Log log : logs) {
                Path dir = new Path(rawPath, log.name());
                if (!fs.exists(dir) && !fs.mkdirs(dir)) {
                    throw new IOException("could not make " + dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long rowsOf(String fingerprint) {
        return Long.parseLong(fingerprint.substring(0, fingerprint.indexOf(' ')));
    }

    /**
     * A table's content, independent of row order and partitioning: its row count and the sum of a 64-bit hash of
     * every row (Spark's xxhash64 of its columns in name order, a string column taken as the xxhash64 of its value
     * alone, so that the writer hashes each distinct string once). Equal fingerprints of two runs mean (but for a
     * 2^-64 chance) equal content.
     */
    public static String fingerprint(Dataset<Row> table) {
        Column[] fingerprint = fingerprintColumns(table);
        Row row = table.agg(fingerprint[0], fingerprint[1], fingerprint[2]).first();
        return fingerprintText(row.getLong(0), row.getLong(1), row.getLong(2));
    }

    /**
     * The row count and the hashes' sum as two sums of longs, of their high (signed) and low (unsigned) 32 bits,
     * which cannot overflow below 2^31 rows and are cheaper than a sum of decimals.
     */
    private static Column[] fingerprintColumns(Dataset<Row> table) {
        Column[] columns = Arrays.stream(table.schema().fields())
                .sorted(Comparator.comparing(StructField::name))
                .map(field -> field.dataType() instanceof StringType ? xxhash64(col(field.name())) : col(field.name()))
                .toArray(Column[]::new);
        Column hash = xxhash64(columns);
        return new Column[]{count(lit(1)).as("rows"), coalesce(sum(shiftright(hash, 32)), lit(0L)).as("high"),
                coalesce(sum(hash.bitwiseAND(lit(0xFFFF_FFFFL))), lit(0L)).as("low")};
    }

    static String fingerprintText(long rows, long hashHighSum, long hashLowSum) {
        BigInteger sum = BigInteger.valueOf(hashHighSum).shiftLeft(32).add(BigInteger.valueOf(hashLowSum));
        return rows + " rows, checksum " + sum;
    }
}
