package org.paylens.cli;

import org.paylens.bench.Benchmark;
import org.paylens.bench.CrossCheck;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.UserError;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs every stage of the bench scenario at about N purchases, timing each, then computes the headline "
                + "measures again with DuckDB from the same Parquet and checks that they agree.",
                "Writes DIR/bench.json and DIR/bench.md; the run itself stays in DIR/run/. Exits with 3 when a DuckDB "
                        + "cross-check disagrees. docs/BENCHMARKS.md has the figures measured so far."})
final class BenchCommand implements Callable<Integer> {
    static final String BENCH_SCENARIO = "bench";

    @Option(names = "--transactions", paramLabel = "N", required = true,
            description = "About how many purchases to generate: sets population.consumers to N / (purchases per "
                    + "consumer per day × days of the period).")
    long transactions;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "The scenario to size. Default: " + BENCH_SCENARIO + " (baseline-2019's market, Sep–Oct 2019).")
    String scenario = BENCH_SCENARIO;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE", description = "Overrides one scenario key; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where bench.json, bench.md and the run go. Default: ./bench.")
    String out = "bench";

    @Option(names = "--overwrite", description = "Replace an earlier paylens benchmark or run in --out.")
    boolean overwrite;

    @Option(names = "--duckdb-threads", paramLabel = "N", description = "Threads DuckDB may use. Default: 2.")
    int duckdbThreads = 2;

    @Mixin
    MasterOptions master;

    @Override
    public Integer call() {
        if (transactions < 1_000) {
            throw new UserError("--transactions " + transactions + ": must be at least 1000");
        }
        if (duckdbThreads < 1) {
            throw new UserError("--duckdb-threads " + duckdbThreads + ": must be at least 1");
        }
        SparkSettings settings = master.settings();
        ScenarioLoader.Source source = ScenarioLoader.read(scenario, settings::hadoopConfiguration);
        Scenario unsized = ScenarioLoader.parse(source, overrides);
        if (unsized.alliances().values().stream().anyMatch(a -> a.pooled())) {
            throw new UserError("--scenario " + scenario + ": has a pooled alliance; the DuckDB baseline computes the HHI "
                    + "of operators on their own, so bench needs a scenario without one");
        }
        List<String> sized = new ArrayList<>(overrides);
        sized.add("population.consumers=" + Benchmark.consumersFor(unsized, transactions));
        Scenario scenarioToRun = ScenarioLoader.parse(source, sized);
        OutputDir dir = OutputDir.at(out, settings.hadoopConfiguration());
        dir.prepareForRun(overwrite);

        Benchmark.Result result = Benchmark.run(scenarioToRun, source.origin(), sized, transactions, dir, settings,
                duckdbThreads);
        Benchmark.write(dir, result);
        System.out.printf(Locale.ROOT, "%,d purchases generate → report in %.1f s (%,.0f purchases/s); Spark start-up %.1f s%n",
                result.size().transactions(), result.pipelineSeconds(), result.transactionsPerSecond(),
                result.sparkStartupSeconds());
        result.stages().forEach(s -> System.out.printf(Locale.ROOT, "  %-16s %8.1f s  %,12.0f %s/s%n", s.name(), s.seconds(),
                s.recordsPerSecond(), s.recordsUnit()));
        Benchmark.Baseline baseline = result.duckdb();
        System.out.printf(Locale.ROOT, "DuckDB baseline: %.1f s (Spark's measures phase: %.1f× that); %d of %d values agree%n",
                baseline.seconds(), baseline.measuresRatio(), baseline.agreeing(), baseline.checks());
        for (CrossCheck.Check c : baseline.disagreements()) {
            System.out.printf(Locale.ROOT, "  DISAGREES: %s of %s: Spark %s, DuckDB %s (%s)%n", c.measure(), c.operator(),
                    c.spark(), c.duckdb(), c.rule());
        }
        System.out.println("Bench:   " + dir.display(Benchmark.BENCH_JSON) + " and " + dir.display(Benchmark.BENCH_MD));
        return baseline.allAgree() ? 0 : Main.EXIT_DISAGREES;
    }
}
