package org.paylens.cli;

import org.apache.spark.sql.SparkSession;
import org.paylens.api.Experiment;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * A command that starts a new run from a scenario. Everything a user can get wrong (scenario, overrides, output
 * directory) is checked before Spark starts, so mistakes fail in a second, not after Spark's start-up.
 */
abstract class NewRunCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--overwrite", description = "Replace an earlier paylens run in --out (never a directory paylens did not make).")
    boolean overwrite;

    @Override
    public Integer call() {
        SparkSettings settings = sparkOptions.master.settings();
        Experiment experiment = scenarioOptions.experiment(settings);
        experiment.scenario(); // a mistake in it fails here, before Spark starts
        OutputDir out = OutputDir.at(sparkOptions.out, settings.hadoopConfiguration());
        out.checkUsable(overwrite);
        SparkSession spark = settings.start();
        try {
            Pipeline pipeline = experiment.start(spark, out, overwrite);
            stages(pipeline);
            printWhereResultsAre(pipeline, out);
        } finally {
            spark.stop();
        }
        return 0;
    }

    abstract void stages(Pipeline pipeline);

    abstract void printWhereResultsAre(Pipeline pipeline, OutputDir out);
}
