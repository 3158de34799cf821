package org.paylens.api;

import org.apache.spark.sql.SparkSession;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSettings;

/**
 * paylens' Java API, used by the notebooks and by the command line alike:
 * <pre>{@code
 * SparkSession spark = Paylens.spark();
 * RunResult result = Paylens.scenario("tiny").with("population.consumers", 5000).run(spark, "/tmp/pl");
 * result.headline();          // a Table: who holds what share of linked spend, reach, depth, unicity
 * result.charts();            // the report's charts, PNG and SVG
 * }</pre>
 */
public final class Paylens {
    private Paylens() {
    }

    /** A built-in scenario by name (tiny, baseline-2019, …), a YAML file's path, or a Hadoop URI of one. */
    public static Experiment scenario(String nameOrFile) {
        return scenario(ScenarioLoader.read(nameOrFile));
    }

    /** A scenario already read (the command line reads it with its own Hadoop settings). */
    public static Experiment scenario(ScenarioLoader.Source source) {
        return new Experiment(source, java.util.List.of());
    }

    /** A Spark session as the command line starts it: spark-submit's master if any, else local[*]. */
    public static SparkSession spark() {
        return SparkSettings.fromEnvironment().start();
    }

    /** A Spark session on the given master, e.g. local[2]. */
    public static SparkSession spark(String master) {
        return SparkSettings.master(master).start();
    }
}
