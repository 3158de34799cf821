package org.paylens.cli;

import org.apache.spark.sql.SparkSession;
import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import org.paylens.scenario.Scenario;
import org.paylens.api.Experiment;
import org.paylens.spark.SparkSettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Several whole runs into one directory, one Spark session for all: DIR/runs/&lt;label&gt;/ each, then one report in
 * DIR/report/ comparing them. Every scenario is loaded and checked before Spark starts.
 */
final class MultiRun {
    static final String RUNS = "runs";

    /** One run to make: its label in the report and its experiment, whose scenario has already been checked. */
    record Planned(String label, Experiment experiment) {
    }

    private MultiRun() {
    }

    /** A directory name for a label: letters, digits, '.', '_', '-', '=' kept; anything else becomes '_'; unique. */
    static List<String> directoryNames(List<String> labels) {
        List<String> names = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String label : labels) {
            String base = label.replaceAll("[^A-Za-z0-9._=-]", "_");
            String name = base;
            for (int n = 2; !used.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = base + "-" + n;
            }
            names.add(name);
        }
        return names;
    }

    /** Runs every planned scenario in turn and returns their summaries in order. */
    static List<Summary> runAll(List<Planned> plan, OutputDir root, SparkSettings settings, boolean overwrite) {
        root.prepareForRun(overwrite);
        List<String> directories = directoryNames(plan.stream().map(Planned::label).toList());
        List<Summary> summaries = new ArrayList<>();
        SparkSession spark = settings.start();
        try {
            List<Scenario> made = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                Planned run = plan.get(i);
                OutputDir out = root.child(RUNS, directories.get(i));
                Scenario scenario = run.experiment().scenario();
                int sameWorld = indexOfSameWorld(made, scenario);
                made.add(scenario);
                if (sameWorld < 0) {
                    System.err.printf(Locale.ROOT, "paylens: run %d of %d: %s%n", i + 1, plan.size(), run.label());
                    summaries.add(run.experiment().start(spark, out, false).runAll());
                } else {
                    // Only what analysis reads differs: generating and ingesting the same world again would be wasted.
                    System.err.printf(Locale.ROOT, "paylens: run %d of %d: %s (analyzed on the world of run %d)%n", i + 1,
                            plan.size(), run.label(), sameWorld + 1);
                    summaries.add(run.experiment().startOnWorldOf(spark, out,
                            root.child(RUNS, directories.get(sameWorld)), false).analyzeAndReport());
                }
            }
        } finally {
            spark.stop();
        }
        return summaries;
    }

    private static int indexOfSameWorld(List<Scenario> made, Scenario scenario) {
        for (int i = 0; i < made.size(); i++) {
            if (Pipeline.worldDifferences(made.get(i), scenario).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    /** Relative links from DIR/report/ to each run's own report. */
    static List<String> runReportLinks(List<Planned> plan) {
        return directoryNames(plan.stream().map(Planned::label).toList()).stream()
                .map(name -> "../" + RUNS + "/" + name + "/report/index.html").toList();
    }
}
