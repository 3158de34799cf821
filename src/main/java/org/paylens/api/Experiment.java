package org.paylens.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;
import org.paylens.measure.Summary;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.spark.SparkSessions;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario and the changes made to it, not yet run. Immutable: {@link #with} returns a new experiment, so one
 * base can be varied several ways. Every change is checked when the scenario is loaded ({@link #scenario()}),
 * with the same one-line messages as {@code --set} on the command line.
 */
public final class Experiment {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScenarioLoader.Source source;
    private final List<String> overrides;

    Experiment(ScenarioLoader.Source source, List<String> overrides) {
        this.source = source;
        this.overrides = List.copyOf(overrides);
    }

    /**
     * Sets one scenario key, as {@code --set key.path=value} does: a number, a boolean, a string, a date as
     * "2019-10-01", or a list or map (written as YAML flow).
     */
    public Experiment with(String keyPath, Object value) {
        return withOverride(keyPath + "=" + yaml(value));
    }

    /** Applies an override written as on the command line, {@code key.path=value}. */
    public Experiment withOverride(String keyPathEqualsValue) {
        List<String> more = new ArrayList<>(overrides);
        more.add(keyPathEqualsValue);
        return new Experiment(source, more);
    }

    /** Applies overrides written as on the command line, in order. */
    public Experiment withOverrides(List<String> keyPathEqualsValues) {
        Experiment experiment = this;
        for (String override : keyPathEqualsValues) {
            experiment = experiment.withOverride(override);
        }
        return experiment;
    }

    /** The scenario with every change applied and checked; throws ScenarioException naming the key if one is wrong. */
    public Scenario scenario() {
        return ScenarioLoader.parse(source, overrides);
    }

    public String origin() {
        return source.origin();
    }

    public List<String> overrides() {
        return overrides;
    }

    /**
     * Starts a run in {@code out}: the command line's path, which then runs the stages it was asked for.
     *
     * @param overwrite replace an earlier paylens run there (never a directory paylens did not make)
     */
    public Pipeline start(SparkSession spark, OutputDir out, boolean overwrite) {
        return Pipeline.start(spark, scenario(), source.origin(), overrides, out, overwrite);
    }

    /**
     * Starts a run in {@code out} on the world of the run in {@code earlier}: see
     * {@link Pipeline#startOnWorldOf}; analyze and report are left to run.
     */
    public Pipeline startOnWorldOf(SparkSession spark, OutputDir out, OutputDir earlier, boolean overwrite) {
        return Pipeline.startOnWorldOf(spark, scenario(), source.origin(), overrides, out, earlier, overwrite);
    }

    /**
     * Runs every stage (generate, ingest, analyze, report) into {@code out}, replacing an earlier paylens run
     * there, so that a notebook cell can be run again.
     *
     * @param out a local path or a Hadoop URI
     */
    public RunResult run(SparkSession spark, String out) {
        return SparkSessions.withActive(spark, () -> {
            OutputDir dir = OutputDir.at(out, spark.sparkContext().hadoopConfiguration());
            Pipeline pipeline = start(spark, dir, true);
            Summary summary = pipeline.runAll();
            return new RunResult(spark, summary, pipeline.scenario(), dir, pipeline.reportPath());
        });
    }

    /**
     * Runs analyze and report into {@code out} on the world of an earlier run: its truth, raw logs and canonical
     * tables are copied rather than generated and ingested again. For varying only what analysis reads (alliance
     * membership, visibility rules, unicity settings; {@link Pipeline#ANALYSIS_ONLY_KEYS}): the figures are those a
     * full run of this experiment would give, in a fraction of the time.
     *
     * @throws org.paylens.pipeline.UserError if this experiment changes anything generate or ingest reads, naming the keys
     */
    public RunResult runOnWorldOf(SparkSession spark, RunResult earlier, String out) {
        return SparkSessions.withActive(spark, () -> {
            OutputDir dir = OutputDir.at(out, spark.sparkContext().hadoopConfiguration());
            Pipeline pipeline = startOnWorldOf(spark, dir, earlier.output(), true);
            Summary summary = pipeline.analyzeAndReport();
            return new RunResult(spark, summary, pipeline.scenario(), dir, pipeline.reportPath());
        });
    }

    private static String yaml(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value); // JSON is YAML's flow style
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as a scenario value", e);
        }
    }

    @Override
    public String toString() {
        return source.origin() + (overrides.isEmpty() ? "" : " with " + String.join(", ", overrides));
    }
}
