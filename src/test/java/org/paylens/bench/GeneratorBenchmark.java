package org.paylens.bench;

import org.apache.spark.sql.SparkSession;
import org.paylens.generate.WorldGenerator;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSessions;

import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Times the generator's truth tables (the merchants apart), for docs/BENCHMARKS.md (a harness, not a test: nothing here
 * asserts a time). Arguments: consumers in the tiny scenario (61 days; about 61 purchases each), an output
 * directory, and optionally the Spark master.
 * <pre>java @bin/spark-java-options -cp "target/test-classes:target/classes:target/lib/*" \
 *     org.paylens.bench.GeneratorBenchmark 164000 /tmp/bench</pre>
 */
public final class GeneratorBenchmark {
    private GeneratorBenchmark() {
    }

    public static void main(String[] args) {
        long consumers = Long.parseLong(args[0]);
        String out = args[1];
        SparkSession spark = SparkSessions.start(args.length > 2 ? args[2] : "local[*]");
        Scenario scenario = ScenarioLoader.parse(ScenarioLoader.read("tiny"), List.of("population.consumers=" + consumers));
        WorldGenerator generator = new WorldGenerator(spark, scenario);

        long start = System.nanoTime();
        Map<String, String> fingerprints = generator.writeTruth(out + "/truth");
        report("truth simulated and written", start, Long.parseLong(fingerprints.get("transactions").split(" ")[0]));
        fingerprints.forEach((table, fingerprint) -> System.out.printf(Locale.ROOT, "  %-14s %s%n", table, fingerprint));
        spark.stop();
    }

    private static void report(String what, long start, long rows) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-40s %7.1f s%s%n", what, seconds,
                rows < 0 ? "" : String.format(Locale.ROOT, "  %,d rows, %,.0f rows/s", rows, rows / seconds));
    }
}
