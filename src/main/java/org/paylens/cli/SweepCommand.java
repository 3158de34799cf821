package org.paylens.cli;

import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.UserError;
import org.paylens.report.ChartTheme;
import org.paylens.report.ComparisonReport;
import org.paylens.report.ReportStage;
import org.paylens.api.Experiment;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs one scenario once per value of a key (each into DIR/runs/<key>=<value>/) and charts the "
                + "measures against the value in DIR/report/index.html.")
final class SweepCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--vary", paramLabel = "KEY.PATH=V1,V2,...", required = true,
            description = "The key to vary and its values, e.g. --vary schemes.bank-pay.adoption=0,0.3,0.6,0.9.")
    String vary;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--overwrite", description = "Replace an earlier paylens sweep in --out.")
    boolean overwrite;

    /** The key and its values from --vary. */
    record Variation(String key, List<String> values) {
        static Variation parse(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0 || equals == text.length() - 1) {
                throw new UserError("--vary " + text + ": expected KEY.PATH=V1,V2,... e.g. schemes.bank-pay.adoption=0,0.5,1");
            }
            List<String> values = Arrays.stream(text.substring(equals + 1).split(",")).map(String::strip).toList();
            if (values.size() < 2 || values.stream().anyMatch(String::isEmpty)) {
                throw new UserError("--vary " + text + ": give two or more non-empty values, separated by commas");
            }
            if (values.stream().distinct().count() < values.size()) {
                throw new UserError("--vary " + text + ": a value is given twice");
            }
            return new Variation(text.substring(0, equals).strip(), values);
        }
    }

    @Override
    public Integer call() {
        Variation variation = Variation.parse(vary);
        SparkSettings settings = sparkOptions.master.settings();
        Experiment base = scenarioOptions.experiment(settings);
        List<MultiRun.Planned> plan = new ArrayList<>();
        for (String value : variation.values()) {
            Experiment varied = base.withOverride(variation.key() + "=" + value);
            varied.scenario(); // checks the key and each value, so a typo fails here, before any run starts
            plan.add(new MultiRun.Planned(variation.key() + "=" + value, varied));
        }
        OutputDir root = OutputDir.at(sparkOptions.out, settings.hadoopConfiguration());
        root.checkUsable(overwrite);
        List<Summary> summaries = MultiRun.runAll(plan, root, settings, overwrite);
        ComparisonReport.publish(root, ComparisonReport.sweep(variation.key(), variation.values(), summaries,
                MultiRun.runReportLinks(plan), ChartTheme.standard()));
        System.out.println("Report: " + root.display(OutputDir.REPORT, ReportStage.INDEX));
        return 0;
    }
}
