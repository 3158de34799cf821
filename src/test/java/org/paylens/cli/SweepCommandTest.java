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
        int code = Main.execute("sweep", "--scenario", "tiny", "--set", "population.consumers=60",
                "--set", "period.end=2019-09-05", "--vary", "schemes.paypay.weight=0.5,8", "--master", "local[2]",
                "--out", out.toString());
        assertThat(code).isZero();
        ObjectMapper json = new ObjectMapper();
        double[] paypayCoverage = new double[2];
        List<String> runs = List.of("schemes.paypay.weight=0.5", "schemes.paypay.weight=8");
        for (int i = 0; i < runs.size(); i++) {
            Path run = out.resolve("runs").resolve(runs.get(i));
            JsonNode manifest = json.readTree(run.resolve("run.json").toFile());
            assertThat(manifest.path("complete").asBoolean()).isTrue();
            assertThat(manifest.path("overrides").toString()).contains(runs.get(i));
            for (JsonNode operator : json.readTree(run.resolve("metrics/summary.json").toFile()).path("operators")) {
                if (operator.path("id").asText().equals("paypay")) {
                    paypayCoverage[i] = operator.path("spendCoverage").asDouble();
                }
            }
        }
        assertThat(paypayCoverage[1]).as("PayPay used 16 times as often sees more").isGreaterThan(paypayCoverage[0]);
        String html = Files.readString(out.resolve("report/index.html"));
        for (String chart : List.of("sweep-hhi", "sweep-shares", "sweep-alliances")) {
            assertThat(out.resolve("report/charts/" + chart + ".png")).isNotEmptyFile();
            assertThat(out.resolve("report/charts/" + chart + ".svg")).isNotEmptyFile();
            assertThat(html).contains("charts/" + chart + ".png");
        }
        assertThat(html).contains("href=\"../runs/schemes.paypay.weight=8/report/index.html\"");
    }

    @Test
    void runDirectoriesAreSafeNamesAndUnique() {
        assertThat(MultiRun.directoryNames(List.of("tiny", "tiny", "a b/c", "Tiny")))
                .containsExactly("tiny", "tiny-2", "a_b_c", "Tiny-3");
    }
}
