package org.paylens.cli;

import org.paylens.api.Experiment;
import org.paylens.api.Paylens;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** --scenario and --set, shared by the commands that start from a scenario. */
final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "A built-in scenario (see 'paylens scenarios') or a scenario YAML file: a path or a Hadoop "
                    + "URI such as hdfs://nn/scenarios/my.yaml. Default: "
                    + ScenarioLoader.DEFAULT_SCENARIO + ".")
    String scenario = ScenarioLoader.DEFAULT_SCENARIO;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE",
            description = "Overrides one scenario key, e.g. --set population.consumers=5000 or "
                    + "--set faults.rate=0.02. Repeatable; applied in order.")
    List<String> overrides = new ArrayList<>();

    /** Reads the scenario; a file given as a URI (hdfs://, s3a://, file://) opens with the job's Hadoop settings. */
    ScenarioLoader.Source source(SparkSettings settings) {
        return ScenarioLoader.read(scenario, settings::hadoopConfiguration);
    }

    Scenario load(ScenarioLoader.Source source) {
        return ScenarioLoader.parse(source, overrides);
    }

    /** The scenario and its --set overrides, as the Java API's experiment (the notebooks' path too). */
    Experiment experiment(SparkSettings settings) {
        return Paylens.scenario(source(settings)).withOverrides(overrides);
    }
}
