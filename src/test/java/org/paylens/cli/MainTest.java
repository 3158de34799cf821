package org.paylens.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's answers to wrong input: exit code 2, one line naming what is wrong, before Spark starts. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int paylens(String... args) {
        return Main.execute(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLineErrorNaming(String expected) {
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr()).startsWith("paylens: ").contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void compareNeedsTwoScenarios() {
        int code = paylens("compare", "--scenario", "tiny", "--out", dir.resolve("c").toString());
        assertThat(code).isEqualTo(2);
        assertOneLineErrorNaming("at least two scenarios");
    }

    @Test
    void sweepRefusesAMalformedVaryAndAnUnknownKeyBeforeAnyRun() {
        assertThat(paylens("sweep", "--scenario", "tiny", "--vary", "schemes.paypay.weight", "--out", dir.resolve("s").toString()))
                .isEqualTo(2);
        assertOneLineErrorNaming("KEY.PATH=V1,V2");
        err.reset();
        assertThat(paylens("sweep", "--scenario", "tiny", "--vary", "schemes.paypay.weight=1", "--out", dir.resolve("s").toString()))
                .isEqualTo(2);
        assertOneLineErrorNaming("two or more");
        err.reset();
        assertThat(paylens("sweep", "--scenario", "tiny", "--vary", "schemes.paypay.wieght=1,2", "--out", dir.resolve("s").toString()))
                .isEqualTo(2);
        assertOneLineErrorNaming("wieght");
        assertThat(dir.resolve("s")).doesNotExist();
    }

    @Test
    void aBadValueExitsTwoNamingTheKey() {
        int code = paylens("run", "--scenario", "tiny", "--out", dir.resolve("o").toString(), "--set", "population.consumers=abc");
        assertThat(code).isEqualTo(2);
        assertOneLineErrorNaming("population.consumers");
    }

    @Test
    void anUnknownKeyExitsTwoNamingIt() {
        int code = paylens("run", "--scenario", "tiny", "--out", dir.resolve("o").toString(), "--set", "population.nope=1");
        assertThat(code).isEqualTo(2);
        assertOneLineErrorNaming("population.nope");
    }

    @Test
    void aMissingScenarioFileExitsTwoNamingIt() {
        int code = paylens("run", "--scenario", dir.resolve("absent.yaml").toString(), "--out", dir.resolve("o").toString());
        assertThat(code).isEqualTo(2);
        assertOneLineErrorNaming("scenario file not found: " + dir.resolve("absent.yaml"));
    }

    @Test
    void aNonEmptyOutputDirectoryExitsTwoUnlessOverwrite() throws IOException {
        Files.writeString(dir.resolve("run.json"), "{}");
        int code = paylens("run", "--scenario", "tiny", "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertOneLineErrorNaming("directory is not empty; add --overwrite");
    }

    @Test
    void aStageCommandInADirectoryWithoutARunExitsTwo() {
        int code = paylens("ingest", "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertOneLineErrorNaming("has no run.json; run 'generate' or 'run' there first");
    }

    @Test
    void anUnknownOptionExitsTwo() {
        assertThat(paylens("run", "--sceanrio", "tiny")).isEqualTo(2);
        assertThat(stderr()).contains("Unknown option").contains("'--sceanrio'");
    }

    @Test
    void scenariosListsTheBuiltInsWithADescriptionEach() {
        assertThat(paylens("scenarios")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^tiny +Two months")
                .containsPattern("(?m)^baseline-2019 +The 2019 pay wave.*\\(default\\)$");
    }

    @Test
    void scenariosShowPrintsTheCommentedYaml() {
        assertThat(paylens("scenarios", "--show", "tiny")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("# paylens scenario \"tiny\"").contains("seed: 20190930");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"run", "generate", "ingest", "analyze", "report", "scenarios", "calibrate",
                "compare", "sweep", "bench"}) {
            out.reset();
            assertThat(paylens(command, "--help")).as(command).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command).contains("Usage: paylens " + command);
        }
        out.reset();
        assertThat(paylens("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("run").contains("scenarios");
    }

    @Test
    void printSubmitGivesTheSparkSubmitLineAndRunsNothing() {
        Path out = dir.resolve("never");
        int code = paylens("run", "--scenario", "tiny", "--master", "spark://head:7077", "--conf", "spark.executor.memory=2g",
                "--set", "population.consumers=400", "--conf=spark.driver.extraJavaOptions=-Da=b -Dc=d", "--out",
                out.toString(), "--print-submit");
        assertThat(code).isZero();
        assertThat(out).doesNotExist();
        String jar = SubmitLine.JAR_PLACEHOLDER; // the tests run from target/classes, not from the jar
        assertThat(out().lines().toList()).containsExactly(
                "spark-submit --master spark://head:7077 --deploy-mode client \\",
                "  --conf spark.executor.memory=2g \\",
                "  --conf 'spark.driver.extraJavaOptions=-Da=b -Dc=d' \\",
                "  --class org.paylens.cli.Main " + jar + " \\",
                "  run --scenario tiny --set population.consumers=400 --out " + out);
        // A local path is the same place only on this machine
        assertThat(stderr()).contains("--out " + out + " is a path on this machine");
    }

    @Test
    void printSubmitWithoutAMasterLeavesItToSparkSubmitAndQuotesWhatTheShellWouldSplit() {
        assertThat(paylens("analyze", "--out", "hdfs://nn/runs/it's here", "--print-submit")).isZero();
        assertThat(out().lines().toList()).containsExactly(
                "spark-submit --deploy-mode client \\",
                "  --class org.paylens.cli.Main " + SubmitLine.JAR_PLACEHOLDER + " \\",
                "  analyze --out 'hdfs://nn/runs/it'\\''s here'");
        assertThat(stderr()).isEmpty();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
