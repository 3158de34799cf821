package org.paylens.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.paylens.ingest.IngestCounts;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run.json: how a run was made (versions, master, scenario as resolved, overrides), what each stage took, and
 * whether every stage finished. Single-stage commands read the scenario back from it.
 *
 * @param stages   seconds per finished stage, in pipeline order
 * @param truthFingerprints per truth table: rows and an order-independent checksum of its content
 * @param complete true once the report stage has finished after the others
 * @param worldOf  the run whose truth, raw logs and canonical tables were copied rather than made again (see
 *                 {@link Pipeline#startOnWorldOf}); its generate and ingest seconds are that run's; null for a run
 *                 that made its own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunManifest(String paylensVersion, String sparkVersion, String javaVersion, String master,
                          String scenario, long seed, String scenarioSource, List<String> overrides,
                          Map<String, Double> stages, IngestCounts ingest, Map<String, String> truthFingerprints,
                          boolean complete, JsonNode resolvedScenario, String worldOf) {
    public static final List<String> STAGE_ORDER = List.of("generate", "ingest", "analyze", "report");

    public RunManifest {
        stages = stages == null ? Map.of() : Map.copyOf(stages);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    /** This manifest with one more finished stage; later stages' timings are dropped, as their outputs were. */
    public RunManifest withStage(String stage, double seconds) {
        Map<String, Double> updated = new LinkedHashMap<>();
        int index = STAGE_ORDER.indexOf(stage);
        for (String name : STAGE_ORDER.subList(0, index)) {
            if (stages.containsKey(name)) {
                updated.put(name, stages.get(name));
            }
        }
        updated.put(stage, seconds);
        return new RunManifest(paylensVersion, sparkVersion, javaVersion, master, scenario, seed, scenarioSource,
                overrides, updated, ingest, truthFingerprints, updated.keySet().containsAll(STAGE_ORDER), resolvedScenario, worldOf);
    }

    public RunManifest withIngest(IngestCounts counts) {
        return new RunManifest(paylensVersion, sparkVersion, javaVersion, master, scenario, seed, scenarioSource,
                overrides, stages, counts, truthFingerprints, complete, resolvedScenario, worldOf);
    }

    /** This manifest with the truth's fingerprints: same scenario and seed, same fingerprints, anywhere. */
    public RunManifest withTruthFingerprints(Map<String, String> fingerprints) {
        return new RunManifest(paylensVersion, sparkVersion, javaVersion, master, scenario, seed, scenarioSource,
                overrides, stages, ingest, fingerprints, complete, resolvedScenario, worldOf);
    }

    /** This manifest with generate and ingest as another run made them, its world copied into this run. */
    public RunManifest withWorldOf(String run, RunManifest made) {
        Map<String, Double> copied = new LinkedHashMap<>();
        for (String stage : List.of("generate", "ingest")) {
            copied.put(stage, made.stages().get(stage));
        }
        return new RunManifest(paylensVersion, sparkVersion, javaVersion, master, scenario, seed, scenarioSource,
                overrides, copied, made.ingest(), made.truthFingerprints(), false, resolvedScenario, run);
    }

    @Override
    public Map<String, Double> stages() {
        Map<String, Double> ordered = new LinkedHashMap<>();
        STAGE_ORDER.stream().filter(stages::containsKey).forEach(s -> ordered.put(s, stages.get(s)));
        return ordered;
    }

    public String toJson() {
        return Json.write(this);
    }

    public static RunManifest fromJson(String json) {
        try {
            return Json.read(json, RunManifest.class);
        } catch (IOException e) {
            throw new UserError("run.json is not readable (" + e.getMessage() + "); re-run the pipeline with 'run'");
        }
    }
}
