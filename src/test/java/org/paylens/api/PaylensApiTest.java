package org.paylens.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.SparkTestSession;
import org.paylens.measure.Summary;
import org.paylens.pipeline.UserError;
import org.paylens.report.RenderedChart;
import org.paylens.scenario.ScenarioException;
import org.paylens.spark.SparkSessions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The notebooks' API: one small run of tiny, changed in code, read back as typed results, tables and charts. */
class PaylensApiTest {
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static RunResult result;

    private static final Experiment SMALL_TINY = Paylens.scenario("tiny").with("population.consumers", 150)
            .with("faults.rate", 0.0);

    @BeforeAll
    static void runTinyChangedInCode() {
        spark = SparkTestSession.start();
        result = SMALL_TINY.run(spark, dir.resolve("run").toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theChangesAreAppliedAndTheRunIsWhereTheCommandLineWouldPutIt() throws Exception {
        assertThat(result.scenario().population().consumers()).isEqualTo(150);
        assertThat(result.summary().counts().consumers()).isEqualTo(150);
        assertThat(result.outDir()).isEqualTo(dir.resolve("run").toString());
        assertThat(Path.of(result.reportPath())).isEqualTo(dir.resolve("run/report/index.html")).isNotEmptyFile();
        // The summary object is the one in metrics/summary.json.
        assertThat(result.summary()).isEqualTo(Summary.fromJson(Files.readString(dir.resolve("run/metrics/summary.json"))));
    }

    @Test
    void theHeadlineListsEveryOperatorLargestHolderFirstWithSharesThatAddUp() {
        Table headline = result.headline();
        assertThat(headline.rows()).hasSize(result.summary().operators().size());
        List<Object> yen = headline.column("linked yen");
        for (int i = 1; i < yen.size(); i++) {
            assertThat((Long) yen.get(i - 1)).isGreaterThanOrEqualTo((Long) yen.get(i));
        }
        double shares = headline.column("share of linked yen").stream().mapToDouble(s -> s == null ? 0 : (Double) s).sum();
        assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(headline.toHtml()).startsWith("<table><caption>tiny: ").contains("<th>consumer reach</th>");
        assertThat(headline.toString().lines().count()).isEqualTo(headline.rows().size() + 2L); // title, header, rows
        assertThat(result.concentration().column("HHI").get(0)).isEqualTo(result.summary().concentration().spend().hhi());
    }

    @Test
    void theChartsAreTheReportsChartsAsPngAndSvg() throws Exception {
        List<RenderedChart> charts = result.charts();
        try (var files = Files.list(dir.resolve("run/report/charts"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".png")).count()).isEqualTo(charts.size());
        }
        RenderedChart coverage = result.chart("operator-coverage");
        assertThat(coverage.png()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(java.util.Base64.getDecoder().decode(coverage.pngBase64())).isEqualTo(coverage.png());
        assertThatThrownBy(() -> result.chart("no-such-chart")).hasMessageContaining("operator-coverage");
    }

    @Test
    void aWrongChangeIsNamedLikeTheCommandLinesSet() {
        Experiment wrong = Paylens.scenario("tiny").with("population.consumers", "many");
        assertThatThrownBy(wrong::scenario).isInstanceOf(ScenarioException.class)
                .hasMessage("--set population.consumers=many: population.consumers: 'many' is not a whole number");
        // An experiment is a value: changing it leaves the original alone.
        Experiment base = Paylens.scenario("tiny");
        base.with("seed", 7);
        assertThat(base.overrides()).isEmpty();
        assertThat(base.with("schemes.paypay.adoption", 0.5).with("period.end", "2019-09-30").overrides())
                .containsExactly("schemes.paypay.adoption=0.5", "period.end=2019-09-30");
    }

    @Test
    void aChangeOnlyAnalysisReadsIsAnalyzedOnTheEarlierRunsWorldWithTheFiguresOfAFullRun() throws Exception {
        Experiment pooledBanks = SMALL_TINY.with("alliances.bank-consortium.members", List.of("jeppo", "mufg"))
                .with("alliances.bank-consortium.pooled", true);
        RunResult reused = pooledBanks.runOnWorldOf(spark, result, dir.resolve("reused").toString());
        RunResult full = pooledBanks.run(spark, dir.resolve("full").toString());
        assertThat(Files.readString(dir.resolve("reused/metrics/summary.json")))
                .isEqualTo(Files.readString(dir.resolve("full/metrics/summary.json")));
        assertThat(reused.summary()).isEqualTo(full.summary()).isNotEqualTo(result.summary());
        assertThat(reused.summary().concentration().spend().hhi())
                .as("two banks pooled are one holder").isNotEqualTo(result.summary().concentration().spend().hhi());
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("reused/run.json").toFile());
        assertThat(manifest.path("worldOf").asText()).isEqualTo(result.outDir());
        assertThat(manifest.path("complete").asBoolean()).isTrue();
        assertThat(manifest.path("truthFingerprints"))
                .isEqualTo(new ObjectMapper().readTree(dir.resolve("run/run.json").toFile()).path("truthFingerprints"));
        assertThat(Path.of(reused.reportPath())).isNotEmptyFile();

        Experiment bigger = pooledBanks.with("population.consumers", 151);
        assertThatThrownBy(() -> bigger.runOnWorldOf(spark, result, dir.resolve("refused").toString()))
                .isInstanceOf(UserError.class).hasMessageContaining("differ in population.consumers, which generate");
        assertThat(dir.resolve("refused")).doesNotExist();
        // Its output may not hold the earlier run, which preparing it would empty.
        assertThatThrownBy(() -> pooledBanks.runOnWorldOf(spark, result, dir.toString()))
                .isInstanceOf(UserError.class).hasMessageContaining("choose a directory beside it");
        assertThat(dir.resolve("run/run.json")).exists();
    }

    @Test
    void aRunHasItsSessionActiveOnTheCallersThreadAndLeavesTheThreadAsItWas() throws Exception {
        // As a Jupyter kernel's cell: a new thread, with no active session of its own.
        AtomicReference<List<Boolean>> seen = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            SparkSession.clearActiveSession();
            boolean during = SparkSessions.withActive(spark, () -> SparkSession.getActiveSession().contains(spark));
            seen.set(List.of(during, SparkSession.getActiveSession().isEmpty()));
        });
        cell.start();
        cell.join();
        assertThat(seen.get()).containsExactly(true, true);
        // A thread that had an active session keeps it.
        SparkSession.setActiveSession(spark);
        assertThat(SparkSessions.withActive(spark, () -> 1)).isEqualTo(1);
        assertThat(SparkSession.getActiveSession().contains(spark)).isTrue();
    }
}
