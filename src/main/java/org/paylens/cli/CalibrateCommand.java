package org.paylens.cli;

import org.apache.spark.sql.SparkSession;
import org.paylens.generate.WeightFitter;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fits the schemes' weights to the scenario's calibration targets (cash and method shares of "
                + "spend, a scheme's share of its method) and prints them as YAML to paste into the scenario.")
final class CalibrateCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--iterations", paramLabel = "N", description = "Rounds of simulate-and-adjust. Default: 6.")
    int iterations = 6;

    @Mixin
    MasterOptions master;

    @Override
    public Integer call() {
        SparkSettings settings = master.settings();
        ScenarioLoader.Source source = scenarioOptions.source(settings);
        Scenario scenario = scenarioOptions.load(source);
        List<WeightFitter.Group> groups = WeightFitter.groups(scenario);
        SparkSession spark = settings.start();
        try {
            System.err.println("Groups of schemes and their target share of all spend:");
            groups.forEach(g -> System.err.printf(Locale.ROOT, "  %-16s %.5f  %s%n", g.name(), g.target(), g.schemes()));
            Map<String, Double> weights = WeightFitter.fit(spark, scenario, iterations, iteration -> {
                StringBuilder line = new StringBuilder("iteration " + iteration.number() + ":");
                iteration.actual().forEach((group, share) -> line.append(String.format(Locale.ROOT, " %s %.5f", group, share)));
                System.err.println(line);
            });
            System.out.println("# weights fitted by: paylens calibrate --scenario " + scenarioOptions.scenario
                    + String.join("", scenarioOptions.overrides.stream().map(o -> " --set " + o).toList())
                    + " --iterations " + iterations);
            System.out.println("schemes:");
            weights.forEach((id, weight) -> System.out.printf(Locale.ROOT, "  %s: {weight: %.4g}%n", id, weight));
        } finally {
            spark.stop();
        }
        return 0;
    }
}
