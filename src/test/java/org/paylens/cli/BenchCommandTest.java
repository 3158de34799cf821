package org.paylens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark from the command line: every stage timed, and DuckDB agreeing with Spark on the headline measures. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void benchTimesEveryStageAndDuckDbAgreesWithSpark() throws IOException {
        Path out = dir.resolve("bench");
        int code = Main.execute("bench", "--transactions", "5000", "--master", "local[2]", "--out", out.toString());
        assertThat(code).as("every cross-check agrees").isZero();

        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        List<String> stages = new ArrayList<>();
        for (JsonNode stage : bench.path("stages")) {
            stages.add(stage.path("name").asText());
            assertThat(stage.path("seconds").asDouble()).as(stage.toString()).isPositive();
            assertThat(stage.path("records").asLong()).as(stage.toString()).isPositive();
            assertThat(stage.path("peakHeapBytes").asLong()).as(stage.toString()).isPositive();
        }
        assertThat(stages).containsExactly("generate truth", "write raw logs", "ingest", "observe", "measures", "report");
        assertThat(bench.path("sparkStartupSeconds").asDouble()).isPositive();
        assertThat(bench.path("size").path("transactions").asLong()).isBetween(4_000L, 6_000L);
        assertThat(bench.path("size").path("rawRecords").asLong()).isGreaterThan(bench.path("size").path("transactions").asLong());
        assertThat(bench.path("machine").path("cores").asInt()).isPositive();
        assertThat(bench.path("machine").path("spark").asText()).isEqualTo("4.2.0");

        JsonNode duckdb = bench.path("duckdb");
        assertThat(duckdb.path("allAgree").asBoolean()).isTrue();
        assertThat(duckdb.path("checks").asInt()).as("13 values for each of the operators, and the HHI").isGreaterThan(100);
        assertThat(duckdb.path("agreeing").asInt()).isEqualTo(duckdb.path("checks").asInt());
        assertThat(duckdb.path("measuresRatio").asDouble()).isPositive();
        assertThat(Files.readString(out.resolve("bench.md")))
                .contains("| measures |", "values agree**", "DuckDB " + duckdb.path("duckdbVersion").asText());
        assertThat(out.resolve("run/metrics/unicity_sample")).isDirectory();
    }

    @Test
    void aScenarioWithAPooledAllianceIsRefusedBeforeSparkStarts() {
        assertThat(Main.execute("bench", "--transactions", "5000", "--scenario", "consortium-2019",
                "--out", dir.resolve("b").toString())).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(dir.resolve("b")).doesNotExist();
        assertThat(Main.execute("bench", "--transactions", "10", "--out", dir.resolve("b").toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
    }
}
