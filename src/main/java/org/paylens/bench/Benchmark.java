package org.paylens.bench;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.generate.GenerateStage;
import org.paylens.ingest.IngestCounts;
import org.paylens.measure.AnalyzeStage;
import org.paylens.measure.Holdings;
import org.paylens.measure.ProfileMeasures;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Phases;
import org.paylens.pipeline.Pipeline;
import org.paylens.pipeline.StageTimer;
import org.paylens.pipeline.Tables;
import org.paylens.pipeline.Versions;
import org.paylens.scenario.Scenario;
import org.paylens.spark.SparkSettings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;

/**
 * One benchmark: a whole run of a scenario at a given size with every phase timed, then the DuckDB baseline on the
 * same output and the cross-check of the two. The run goes to DIR/run/; bench.json and bench.md describe it.
 */
public final class Benchmark {
    public static final String RUN = "run";
    public static final String BENCH_JSON = "bench.json";
    public static final String BENCH_MD = "bench.md";

    /**
     * @param records       what the phase's throughput counts: purchases, or raw log records for writing and ingesting
     *                      the logs
     * @param peakHeapBytes {@link Phases.Phase#peakHeapBytes}
     * @param peakHeapAfterGcBytes {@link Phases.Phase#peakHeapAfterGcBytes}
     */
    public record Stage(String name, double seconds, long records, String recordsUnit, double recordsPerSecond,
                        long peakHeapBytes, long peakHeapAfterGcBytes) {
    }

    public record Machine(int cores, long memoryBytes, long maxHeapBytes, String java, String os, String spark,
                          String master) {
    }

    public record Size(long transactionsAsked, long consumers, int days, long transactions, long basketItems,
                       long rawRecords) {
    }

    /**
     * @param measuresRatio Spark's measures phase over DuckDB's queries (DuckDB computes the headline measures only)
     */
    public record Baseline(String duckdbVersion, int threads, double seconds, double measuresRatio, int checks,
                           int agreeing, boolean allAgree, List<CrossCheck.Check> disagreements,
                           List<CrossCheck.Check> checksOfLargestOperators) {
    }

    public record Result(String paylensVersion, String commit, Instant started, String scenario, long seed, Size size,
                         Machine machine, double sparkStartupSeconds, long sparkStartupPeakHeapBytes, List<Stage> stages,
                         double pipelineSeconds, double transactionsPerSecond, Baseline duckdb) {
    }

    private Benchmark() {
    }

    /** Consumers for about {@code transactions} purchases: the scenario's purchases per consumer-day over its period. */
    public static long consumersFor(Scenario scenario, long transactions) {
        double perConsumer = scenario.population().purchasesPerDay() * scenario.period().days();
        return Math.max(1, Math.round(transactions / perConsumer));
    }

    /**
     * @param scenario the scenario already sized ({@link #consumersFor})
     * @param settings the Spark master and settings
     */
    public static Result run(Scenario scenario, String origin, List<String> overrides, long transactionsAsked,
                             OutputDir dir, SparkSettings settings, int duckdbThreads) {
        Instant started = Instant.now();
        String commit = commit(); // before the run, which can take an hour in which the tree may change
        Phases startup = new Phases();
        startup.begin("spark start-up");
        SparkSession spark = settings.start();
        startup.end();
        Phases.Phase sparkStartup = startup.finished().get(0);
        try {
            OutputDir out = dir.child(RUN);
            Pipeline pipeline = Pipeline.start(spark, scenario, origin, overrides, out, false);
            GenerateStage.Result generated = pipeline.generate();
            IngestCounts ingested = pipeline.ingest();
            pipeline.analyze();
            pipeline.report();
            Size size = new Size(transactionsAsked, generated.consumers(), scenario.period().days(),
                    generated.transactions(), generated.basketItems(), ingested.raw());
            List<Stage> stages = new ArrayList<>();
            for (Phases.Phase phase : pipeline.phases()) {
                boolean rawRecords = phase.name().equals(GenerateStage.LOGS_PHASE) || phase.name().equals(Pipeline.INGEST_PHASE);
                long records = rawRecords ? size.rawRecords() : size.transactions();
                stages.add(new Stage(phase.name(), round(phase.seconds()), records, rawRecords ? "raw records" : "purchases",
                        Math.round(records / phase.seconds()), phase.peakHeapBytes(), phase.peakHeapAfterGcBytes()));
            }
            double pipelineSeconds = stages.stream().mapToDouble(Stage::seconds).sum();

            StageTimer.log().info("bench: DuckDB baseline ({} threads) on {}", duckdbThreads, out.display());
            Map<String, CrossCheck.SparkMeasures> sparkMeasures = sparkMeasures(spark, scenario, out);
            Map<String, Map<Double, Double>> sparkQuantiles = new LinkedHashMap<>();
            sparkMeasures.forEach((operator, m) -> sparkQuantiles.put(operator, Map.of(0.5, m.depthMedian(), 0.9, m.depthP90())));
            double sparkHhi = Tables.read(spark, out.uri(OutputDir.METRICS, "concentration"))
                    .filter(col("unit").equalTo("spend").and(col("period").equalTo(ProfileMeasures.ALL)))
                    .first().<Double>getAs("hhi");
            DuckDbBaseline.Result duckdb = DuckDbBaseline.run(out, scenario.measures().unicity(), duckdbThreads, sparkQuantiles);
            List<CrossCheck.Check> checks = CrossCheck.compare(sparkMeasures, sparkHhi, duckdb);
            double measuresSeconds = stages.stream().filter(s -> s.name().equals(AnalyzeStage.MEASURES_PHASE))
                    .mapToDouble(Stage::seconds).sum();
            Baseline baseline = new Baseline(duckdb.version(), duckdb.threads(), round(duckdb.seconds()),
                    round(measuresSeconds / duckdb.seconds()), checks.size(),
                    (int) checks.stream().filter(CrossCheck.Check::agrees).count(), CrossCheck.allAgree(checks),
                    checks.stream().filter(c -> !c.agrees()).toList(), checksOfLargest(checks, sparkMeasures, 3));

            Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), physicalMemory(),
                    Runtime.getRuntime().maxMemory(), System.getProperty("java.version") + " ("
                    + System.getProperty("java.vm.name") + ")", System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"), spark.version(), spark.sparkContext().master());
            return new Result(Versions.paylens(), commit, started, scenario.name(), scenario.seed(), size, machine,
                    round(sparkStartup.seconds()), sparkStartup.peakHeapBytes(), stages, round(pipelineSeconds),
                    Math.round(size.transactions() / pipelineSeconds), baseline);
        } finally {
            spark.stop();
        }
    }

    /** Spark's headline values of each operator, whole period, from the run's metrics/. */
    private static Map<String, CrossCheck.SparkMeasures> sparkMeasures(SparkSession spark, Scenario scenario, OutputDir out) {
        String firstCoarsening = scenario.measures().unicity().coarsenings().get(0).label();
        Map<String, long[]> unicity = new LinkedHashMap<>();
        for (Row row : Tables.read(spark, out.uri(OutputDir.METRICS, "unicity"))
                .filter(col("period").equalTo(ProfileMeasures.ALL).and(col("entity_kind").equalTo(Holdings.OPERATOR))
                        .and(col("coarsening").equalTo(firstCoarsening)).and(col("p").equalTo(DuckDbBaseline.UNICITY_P)))
                .collectAsList()) {
            unicity.put(row.getAs("entity"), new long[]{row.<Long>getAs("sampled"), row.<Long>getAs("unique")});
        }
        Map<String, CrossCheck.SparkMeasures> measures = new LinkedHashMap<>();
        for (Row row : Tables.read(spark, out.uri(OutputDir.METRICS, "profiles"))
                .filter(col("period").equalTo(ProfileMeasures.ALL).and(col("entity_kind").equalTo(Holdings.OPERATOR)))
                .collectAsList()) {
            String operator = row.getAs("entity");
            long[] u = unicity.getOrDefault(operator, new long[2]);
            measures.put(operator, new CrossCheck.SparkMeasures(row.getAs("linked_spend_yen"), row.getAs("linked_txns"),
                    row.getAs("linked_items"), row.getAs("reached_consumers"), row.getAs("spend_coverage"),
                    row.getAs("txn_coverage"), row.getAs("item_coverage"), row.getAs("consumer_reach"),
                    row.getAs("profile_depth_median"), row.getAs("profile_depth_p90"), u[0], u[1]));
        }
        return measures;
    }

    /** The checks of the operators with the most linked spend, for bench.md; bench.json's disagreements list the rest. */
    private static List<CrossCheck.Check> checksOfLargest(List<CrossCheck.Check> checks,
                                                          Map<String, CrossCheck.SparkMeasures> spark, int operators) {
        List<String> largest = spark.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().linkedSpendYen(), a.getValue().linkedSpendYen()))
                .limit(operators).map(Map.Entry::getKey).toList();
        return checks.stream().filter(c -> largest.contains(c.operator()) || c.operator().equals("(all)")).toList();
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }

    /**
     * The commit of the source tree the classes were built from, "+changes" when it had uncommitted changes in src/ or
     * pom.xml; "unknown" outside a git checkout.
     */
    static String commit() {
        try {
            Path classes = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path tree = classes.getParent().getParent(); // target/classes or target/paylens-*.jar → the checkout
            String head = git(tree, "rev-parse", "HEAD");
            String changes = git(tree, "status", "--porcelain", "--", "src", "pom.xml");
            return head == null ? "unknown" : head + (changes == null || changes.isEmpty() ? "" : "+changes");
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String git(Path tree, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", tree.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return null;
        }
        return output;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    /** bench.md: the same figures as bench.json, as tables. */
    public static String markdown(Result r) {
        StringBuilder md = new StringBuilder();
        md.append("# paylens benchmark\n\n");
        md.append(String.format(Locale.ROOT, "Scenario %s (seed %d): %,d consumers × %d days → %,d purchases (%,d asked), "
                        + "%,d basket items, %,d raw records.%n%n", r.scenario(), r.seed(), r.size().consumers(),
                r.size().days(), r.size().transactions(), r.size().transactionsAsked(), r.size().basketItems(),
                r.size().rawRecords()));
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %.1f GiB memory, max heap %.1f GiB; Java %s; %s; Spark %s, "
                        + "master %s. paylens %s, commit %s; started %s.%n%n", r.machine().cores(), gib(r.machine().memoryBytes()),
                gib(r.machine().maxHeapBytes()), r.machine().java(), r.machine().os(), r.machine().spark(),
                r.machine().master(), r.paylensVersion(), r.commit(), r.started()));
        md.append("| stage | seconds | records | records/s | peak heap (GiB) | after GC (GiB) |\n|---|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| Spark session start-up | %.2f | | | %.2f | |%n", r.sparkStartupSeconds(),
                gib(r.sparkStartupPeakHeapBytes())));
        for (Stage s : r.stages()) {
            String afterGc = s.peakHeapAfterGcBytes() == 0 ? "— (no collection)"
                    : String.format(Locale.ROOT, "%.2f", gib(s.peakHeapAfterGcBytes()));
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %,d %s | %,.0f | %.2f | %s |%n", s.name(), s.seconds(),
                    s.records(), s.recordsUnit(), s.recordsPerSecond(), gib(s.peakHeapBytes()), afterGc));
        }
        md.append(String.format(Locale.ROOT, "| **generate → report** | **%.2f** | %,d purchases | %,.0f | | |%n%n",
                r.pipelineSeconds(), r.size().transactions(), (double) r.transactionsPerSecond()));
        Baseline b = r.duckdb();
        md.append(String.format(Locale.ROOT, "## DuckDB baseline%n%nDuckDB %s, %d threads: the headline measures in %.2f s; "
                        + "Spark's measures phase took %.1f× as long (it computes more: months, alliances, fidelity, "
                        + "every p and coarsening).%n%n", b.duckdbVersion(), b.threads(), b.seconds(), b.measuresRatio()));
        md.append(String.format(Locale.ROOT, "Cross-check: **%d of %d values agree**%s.%n%n", b.agreeing(), b.checks(),
                b.allAgree() ? "" : " — DISAGREEMENTS BELOW"));
        List<CrossCheck.Check> shown = new ArrayList<>(b.disagreements());
        shown.addAll(b.checksOfLargestOperators());
        md.append("| measure | operator | Spark | DuckDB | rule | agrees |\n|---|---|---:|---:|---|---|\n");
        for (CrossCheck.Check c : shown) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", c.measure(), c.operator(),
                    number(c.spark()), number(c.duckdb()), c.rule(), c.agrees() ? "yes" : "**no**"));
        }
        return md.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.12g", value);
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }

    /** Writes bench.json and bench.md, each atomically. */
    public static void write(OutputDir dir, Result result) {
        dir.writeAtomically(BENCH_JSON, org.paylens.pipeline.Json.write(result));
        dir.writeAtomically(BENCH_MD, markdown(result));
    }
}
