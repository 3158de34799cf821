package org.paylens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A sweep from the command line: one whole run per value in one Spark session, then one report over them. */
class SweepCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSweepRunsTheScenarioOncePerValueAndChartsTheMeasuresAgainstIt() throws IOException {
        Path out = dir.resolve("sweep");
        // Pooling is read by analysis alone, so the second run is analyzed on the first's world.
        int code = Main.execute("sweep", "--scenario", "tiny", "--set", "population.consumers=60",
                "--set", "period.end=2019-09-05", "--vary", "alliances.bank-consortium.pooled=false,true",
                "--master", "local[2]", "--out", out.toString());
        assertThat(code).isZero();
        ObjectMapper json = new ObjectMapper();
        double[] hhi = new double[2];
        List<String> runs = List.of("alliances.bank-consortium.pooled=false", "alliances.bank-consortium.pooled=true");
        JsonNode[] manifests = new JsonNode[2];
        for (int i = 0; i < runs.size(); i++) {
            Path run = out.resolve("runs").resolve(runs.get(i));
            manifests[i] = json.readTree(run.resolve("run.json").toFile());
            assertThat(manifests[i].path("complete").asBoolean()).isTrue();
            assertThat(manifests[i].path("overrides").toString()).contains(runs.get(i));
            hhi[i] = json.readTree(run.resolve("metrics/summary.json").toFile()).path("concentration").path("spend")
                    .path("hhi").asDouble();
        }
        assertThat(manifests[0].has("worldOf")).isFalse();
        assertThat(manifests[1].path("worldOf").asText()).isEqualTo(out.resolve("runs").resolve(runs.get(0)).toString());
        assertThat(manifests[1].path("truthFingerprints")).isEqualTo(manifests[0].path("truthFingerprints"));
        assertThat(hhi[1]).as("six banks and their switch as one holder").isGreaterThan(hhi[0]);
        String html = Files.readString(out.resolve("report/index.html"));
        for (String chart : List.of("sweep-hhi", "sweep-shares", "sweep-alliances")) {
            assertThat(out.resolve("report/charts/" + chart + ".png")).isNotEmptyFile();
            assertThat(out.resolve("report/charts/" + chart + ".svg")).isNotEmptyFile();
            assertThat(html).contains("charts/" + chart + ".png");
        }
        assertThat(html).contains("href=\"../runs/alliances.bank-consortium.pooled=true/report/index.html\"");
    }

    @Test
    void runDirectoriesAreSafeNamesAndUnique() {
        assertThat(MultiRun.directoryNames(List.of("tiny", "tiny", "a b/c", "Tiny")))
                .containsExactly("tiny", "tiny-2", "a_b_c", "Tiny-3");
    }
}
