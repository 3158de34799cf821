package org.paylens.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import org.paylens.generate.GenerateStage;
import org.paylens.ingest.IngestCounts;
import org.paylens.ingest.IngestStage;
import org.paylens.measure.AnalyzeStage;
import org.paylens.measure.Summary;
import org.paylens.report.ReportStage;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * generate → ingest → analyze → report, each stage reading what the previous one published in the output
 * directory. The command line and the notebooks both go through here. After each stage run.json is rewritten,
 * and a stage run alone removes the outputs of later stages (they were computed from what it replaced).
 */
public final class Pipeline {
    public static final String INGEST_PHASE = "ingest";
    public static final String REPORT_PHASE = "report";
    private final SparkSession spark;
    private final OutputDir out;
    private final StageTimer timer = new StageTimer();
    private final Phases phases = new Phases();
    private RunManifest manifest;

    private Pipeline(SparkSession spark, OutputDir out, RunManifest manifest) {
        this.spark = spark;
        this.out = out;
        this.manifest = manifest;
    }

    /** A new run in an empty (or, with overwrite, emptied) output directory. */
    public static Pipeline start(SparkSession spark, Scenario scenario, String scenarioSource, List<String> overrides,
                                 OutputDir out, boolean overwrite) {
        out.prepareForRun(overwrite);
        RunManifest manifest = new RunManifest(Versions.paylens(), spark.version(), System.getProperty("java.version"),
                spark.sparkContext().master(), scenario.name(), scenario.seed(), scenarioSource, overrides, null, null,
                null, false, ScenarioLoader.toTree(scenario), null);
        Pipeline pipeline = new Pipeline(spark, out, manifest);
        pipeline.saveManifest();
        return pipeline;
    }

    /**
     * The scenario keys that only analyze and report read: runs that differ in nothing else have the same truth, raw
     * logs and canonical tables, so one can start from the other's ({@link #startOnWorldOf}).
     */
    public static final List<String> ANALYSIS_ONLY_KEYS = List.of("description", "visibility", "calibration", "alliances",
            "measures");

    /**
     * A new run in {@code out} on the world of an earlier run: its truth, raw logs, canonical tables and quarantine
     * are copied, not made again, so only analyze and report are left to run. For varying what analysis reads
     * (alliance membership, visibility rules, unicity settings) at the cost of one generate and ingest.
     *
     * @throws UserError if the earlier run has not been ingested, or if the scenarios differ in a key generate or
     *                   ingest reads (each such key is named)
     */
    public static Pipeline startOnWorldOf(SparkSession spark, Scenario scenario, String scenarioSource,
                                          List<String> overrides, OutputDir out, OutputDir earlier, boolean overwrite) {
        if (nested(out.uri(), earlier.uri()) || nested(earlier.uri(), out.uri())) {
            // Preparing one would empty or mix into the other.
            throw new UserError("--out " + out.display() + ": is, holds or lies inside the run whose world is reused ("
                    + earlier.display() + "); choose a directory beside it");
        }
        Pipeline made = resume(spark, earlier);
        earlier.requireStage(OutputDir.CANONICAL, "ingest");
        List<String> differences = worldDifferences(made.scenario(), scenario);
        if (!differences.isEmpty()) {
            throw new UserError("cannot reuse the world of " + earlier.display() + ": the scenarios differ in "
                    + String.join(", ", differences.subList(0, Math.min(5, differences.size())))
                    + (differences.size() > 5 ? " and " + (differences.size() - 5) + " more" : "")
                    + ", which generate or ingest reads (only " + String.join(", ", ANALYSIS_ONLY_KEYS)
                    + " may differ); run it in full");
        }
        Pipeline pipeline = start(spark, scenario, scenarioSource, overrides, out, overwrite);
        for (String dir : List.of(OutputDir.TRUTH, OutputDir.RAW, OutputDir.CANONICAL, OutputDir.QUARANTINE)) {
            out.copyPublished(earlier, dir);
        }
        pipeline.manifest = pipeline.manifest.withWorldOf(earlier.display(), made.manifest);
        pipeline.saveManifest();
        return pipeline;
    }

    /**
     * The scenario keys, as dotted paths, in which two scenarios differ other than {@link #ANALYSIS_ONLY_KEYS}: none
     * means they make the same world (truth, raw logs, canonical tables).
     */
    public static List<String> worldDifferences(Scenario a, Scenario b) {
        List<String> differences = new ArrayList<>();
        differingKeys("", withoutAnalysisKeys(ScenarioLoader.toTree(a)), withoutAnalysisKeys(ScenarioLoader.toTree(b)),
                differences);
        return differences;
    }

    /** Whether {@code inner} is {@code outer} or a path under it. */
    private static boolean nested(String inner, String outer) {
        String root = outer.endsWith("/") ? outer : outer + "/";
        return inner.equals(outer) || inner.startsWith(root);
    }

    private static JsonNode withoutAnalysisKeys(JsonNode scenario) {
        ObjectNode copy = scenario.deepCopy();
        copy.remove(ANALYSIS_ONLY_KEYS);
        return copy;
    }

    /** The dotted paths at which two scenario trees differ, down to the first differing key of each branch. */
    private static void differingKeys(String path, JsonNode a,
                                      JsonNode b, List<String> found) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            SortedSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                differingKeys(path.isEmpty() ? key : path + "." + key, a.get(key), b.get(key), found);
            }
        } else if (!(absent(a) && absent(b)) && (a == null || !a.equals(b))) {
            found.add(path);
        }
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }

    /** Continues a run in a directory an earlier command made; the scenario comes from its run.json. */
    public static Pipeline resume(SparkSession spark, OutputDir out) {
        if (!out.exists(OutputDir.RUN_JSON)) {
            throw new UserError("--out " + out.display() + ": has no run.json; run 'generate' or 'run' there first");
        }
        return new Pipeline(spark, out, RunManifest.fromJson(out.readText(OutputDir.RUN_JSON)));
    }

    public Scenario scenario() {
        return ScenarioLoader.parse(new ScenarioLoader.Source(out.display(OutputDir.RUN_JSON),
                manifest.resolvedScenario().toString()), List.of());
    }

    public Summary runAll() {
        generate();
        ingest();
        return analyzeAndReport();
    }

    /** The last two stages, all that is left of a run started on another run's world ({@link #startOnWorldOf}). */
    public Summary analyzeAndReport() {
        Summary summary = analyze();
        report();
        return summary;
    }

    public GenerateStage.Result generate() {
        Scenario scenario = scenario();
        clearAfter("generate");
        GenerateStage.Result result = timer.time("generate",
                String.format(Locale.ROOT, "simulating %,d consumers over %d days", scenario.population().consumers(),
                        scenario.period().days()),
                () -> GenerateStage.run(spark, scenario, out, phases),
                r -> String.format(Locale.ROOT, "%,d purchases, %,d basket items, %d logs in %s",
                        r.transactions(), r.basketItems(), r.logs(), out.display(OutputDir.RAW)));
        manifest = manifest.withTruthFingerprints(result.truthFingerprints());
        finished("generate");
        return result;
    }

    public IngestCounts ingest() {
        out.requireStage(OutputDir.RAW, "generate");
        Scenario scenario = scenario();
        clearAfter("ingest");
        IngestCounts counts = timer.time("ingest", "reading every raw log",
                () -> phase(INGEST_PHASE, () -> IngestStage.run(spark, scenario, out)),
                c -> String.format(Locale.ROOT, "%,d raw records: %,d accepted, %,d quarantined", c.raw(),
                        c.accepted(), c.quarantined()));
        manifest = manifest.withIngest(counts);
        finished("ingest");
        return counts;
    }

    public Summary analyze() {
        out.requireStage(OutputDir.CANONICAL, "ingest");
        Scenario scenario = scenario();
        clearAfter("analyze");
        Summary summary = timer.time("analyze", "observing what each operator sees",
                () -> AnalyzeStage.run(spark, scenario, out, manifest.ingest(), phases),
                s -> String.format(Locale.ROOT, "%d operators; HHI of linked spend %.0f (%s)", s.operators().size(),
                        s.concentration().spend().hhi(), s.concentration().spend().band2023()));
        finished("analyze");
        return summary;
    }

    public int report() {
        out.requireStage(OutputDir.METRICS, "analyze");
        String scenarioJson = manifest.resolvedScenario().toPrettyString();
        int charts = timer.time("report", "drawing charts",
                () -> phase(REPORT_PHASE, () -> ReportStage.run(out, scenario(), scenarioJson)),
                n -> n + " chart(s) in " + out.display(OutputDir.REPORT));
        finished("report");
        return charts;
    }

    public String reportPath() {
        return out.display(OutputDir.REPORT, ReportStage.INDEX);
    }

    /** The phases run so far, in order, with their seconds and peak heap. */
    public List<Phases.Phase> phases() {
        return phases.finished();
    }

    private <T> T phase(String name, java.util.function.Supplier<T> work) {
        phases.begin(name);
        try {
            return work.get();
        } finally {
            phases.end();
        }
    }

    public RunManifest manifest() {
        return manifest;
    }

    private void clearAfter(String stage) {
        List<String> later = RunManifest.STAGE_ORDER.subList(RunManifest.STAGE_ORDER.indexOf(stage) + 1,
                RunManifest.STAGE_ORDER.size());
        for (String next : later) {
            for (String dir : outputsOf(next)) {
                out.delete(dir);
            }
        }
    }

    private static List<String> outputsOf(String stage) {
        return switch (stage) {
            case "generate" -> List.of(OutputDir.TRUTH, OutputDir.RAW);
            case "ingest" -> List.of(OutputDir.CANONICAL, OutputDir.QUARANTINE);
            case "analyze" -> List.of(OutputDir.OBSERVATIONS, OutputDir.METRICS);
            case "report" -> List.of(OutputDir.REPORT);
            default -> throw new IllegalArgumentException(stage);
        };
    }

    private void finished(String stage) {
        manifest = manifest.withStage(stage, timer.seconds().get(stage));
        saveManifest();
    }

    private void saveManifest() {
        out.writeAtomically(OutputDir.RUN_JSON, manifest.toJson());
    }
}
