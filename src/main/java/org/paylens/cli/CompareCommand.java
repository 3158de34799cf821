package org.paylens.cli;

import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.UserError;
import org.paylens.report.ChartTheme;
import org.paylens.report.ComparisonReport;
import org.paylens.report.ReportStage;
import org.paylens.api.Experiment;
import org.paylens.api.Paylens;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Runs two or more scenarios (each into DIR/runs/<scenario>/) and writes one report comparing them "
                + "in DIR/report/index.html: the headline figures with their differences from the first, and paired charts.")
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--scenario", paramLabel = "NAME|FILE", required = true,
            description = "A built-in scenario or a scenario YAML file; give it two or more times.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE",
            description = "Overrides one key in every scenario compared, e.g. --set population.consumers=5000. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--overwrite", description = "Replace an earlier paylens comparison in --out.")
    boolean overwrite;

    @Override
    public Integer call() {
        if (scenarios.size() < 2) {
            throw new UserError("--scenario: give at least two scenarios to compare (got " + scenarios.size() + ")");
        }
        SparkSettings settings = sparkOptions.master.settings();
        List<MultiRun.Planned> plan = new ArrayList<>();
        for (String name : scenarios) {
            Experiment experiment = Paylens.scenario(ScenarioLoader.read(name, settings::hadoopConfiguration))
                    .withOverrides(overrides);
            plan.add(new MultiRun.Planned(experiment.scenario().name(), experiment));
        }
        OutputDir root = OutputDir.at(sparkOptions.out, settings.hadoopConfiguration());
        root.checkUsable(overwrite);
        List<Summary> summaries = MultiRun.runAll(plan, root, settings, overwrite);
        List<String> labels = MultiRun.directoryNames(plan.stream().map(MultiRun.Planned::label).toList());
        ComparisonReport.publish(root, ComparisonReport.compare(labels, summaries, MultiRun.runReportLinks(plan),
                ChartTheme.standard()));
        System.out.println("Report: " + root.display(OutputDir.REPORT, ReportStage.INDEX));
        return 0;
    }
}
