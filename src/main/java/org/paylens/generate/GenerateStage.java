package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.paylens.logs.LogFormat;
import org.paylens.logs.LogFormats;
import org.paylens.logs.MerchantRegistry;
import org.paylens.logs.RawRecords;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Phases;
import org.paylens.pipeline.StageTimer;
import org.paylens.scenario.Scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * Writes the ground truth (truth/) and every scheme's raw log in its operator's own format (raw/). The consumers
 * are simulated once, by Spark tasks that write the truth as they go; the raw logs are computed from the truth as
 * written.
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

    /** Where the logs of each format are written before each log's directory moves to raw/; hidden from readers. */
    private static final String BY_FORMAT = "_by-format";

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
        writeLogs(spark, scenario, generator, logs, out.uri(OutputDir.TRUTH), raw);
        out.publish(OutputDir.RAW);

        Result result = new Result(rowsOf(fingerprints.get("consumers")), purchases, rowsOf(fingerprints.get("basket_items")),
                logs.size(), fingerprints);
        phases.end();
        return result;
    }

    /**
     * Every log from the truth, one write per format: the chains' point-of-sale logs in one, each payment format's
     * schemes in one, the top-up logs in one. A format writes each log's records to BY_FORMAT/format/log=NAME,
     * which then becomes raw/NAME; a log without records is an empty directory.
     */
    private static void writeLogs(SparkSession spark, Scenario scenario, WorldGenerator generator, List<LogFormats.Log> logs,
                                  String truth, String raw) {
        // The formats the simulation's tasks write, in one job that simulates the consumers again.
        generator.writePosLogs(raw);
        Map<LogFormat, List<LogFormats.Log>> byFormat = new LinkedHashMap<>();
        logs.stream().filter(log -> !log.format().writtenByTasks())
                .forEach(log -> byFormat.computeIfAbsent(log.format(), f -> new ArrayList<>()).add(log));
        String byFormatDir = raw + "/" + BY_FORMAT;
        // A task keeps one file open per log it has records of, rather than sorting its records by log first.
        SessionSettings settings = SessionSettings.of(spark)
                .set("spark.sql.optimizer.plannedWrite.enabled", "false")
                .set("spark.sql.maxConcurrentOutputFileWriters", Integer.toString(logs.size() + 1));
        try {
            Dataset<Row> transactions = spark.read().parquet(truth + "/transactions");
            // Read by every payment format's pass: computed once.
            Dataset<Row> payments = generator.paymentRecords(transactions).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                for (Map.Entry<LogFormat, List<LogFormats.Log>> entry : byFormat.entrySet()) {
                    LogFormat format = entry.getKey();
                    LogFormats.Kind kind = entry.getValue().get(0).kind();
                    Dataset<Row> records = switch (kind) {
                        case POS -> throw new IllegalStateException("the point-of-sale logs are written by the simulation's tasks");
                        case PAYMENT -> RawRecords.payments(scenario, entry.getValue().stream().map(LogFormats.Log::subject).toList(),
                                payments);
                        case TOPUP -> RawRecords.topups(generator.topupRecords(spark.read().parquet(truth + "/topups")));
                    };
                    format.write(records, byFormatDir + "/" + format.id());
                }
            } finally {
                payments.unpersist();
            }
        } finally {
            settings.restore();
        }
        try {
            Path byFormatPath = new Path(byFormatDir);
            FileSystem fs = byFormatPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (LogFormats.Log log : logs) {
                Path written = new Path(byFormatPath, log.format().id() + "/" + LogFormat.LOG + "=" + log.name());
                Path target = new Path(raw, log.name());
                if (log.format().writtenByTasks()) {
                    if (!fs.exists(target) && !fs.mkdirs(target)) { // a log with no records this time
                        throw new IOException("could not make " + target);
                    }
                } else if (fs.exists(written)) {
                    if (!fs.rename(written, target)) {
                        throw new IOException("could not move " + written + " to " + target);
                    }
                } else if (!fs.mkdirs(target)) { // a log with no records this time
                    throw new IOException("could not make " + target);
                }
            }
            fs.delete(byFormatPath, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Session settings changed for a while and put back as they were. */
    private static final class SessionSettings {
        private final SparkSession spark;
        private final Map<String, String> before = new LinkedHashMap<>();

        private SessionSettings(SparkSession spark) {
            this.spark = spark;
        }

        static SessionSettings of(SparkSession spark) {
            return new SessionSettings(spark);
        }

        SessionSettings set(String key, String value) {
            before.put(key, spark.conf().getOption(key).getOrElse(() -> null));
            spark.conf().set(key, value);
            return this;
        }

        void restore() {
            before.forEach((key, value) -> {
                if (value == null) {
                    spark.conf().unset(key);
                } else {
                    spark.conf().set(key, value);
                }
            });
        }
    }

    private static long rowsOf(String fingerprint) {
        return Long.parseLong(fingerprint.substring(0, fingerprint.indexOf(' ')));
    }

    /**
     * A table's content, independent of row order and partitioning: its row count and the sum of a 64-bit hash of
     * every row (Spark's xxhash64 of its columns in name order). Equal fingerprints of two runs mean (but for a
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
        Column[] columns = java.util.Arrays.stream(table.columns()).sorted().map(functions::col).toArray(Column[]::new);
        Column hash = xxhash64(columns);
        return new Column[]{count(lit(1)).as("rows"), coalesce(sum(shiftright(hash, 32)), lit(0L)).as("high"),
                coalesce(sum(hash.bitwiseAND(lit(0xFFFF_FFFFL))), lit(0L)).as("low")};
    }

    static String fingerprintText(long rows, long hashHighSum, long hashLowSum) {
        BigInteger sum = BigInteger.valueOf(hashHighSum).shiftLeft(32).add(BigInteger.valueOf(hashLowSum));
        return rows + " rows, checksum " + sum;
    }
}
