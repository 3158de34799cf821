package org.paylens.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thin jar on a real Spark standalone cluster (a Master and two one-core Workers on 127.0.0.1, each its own
 * JVM): submitted with the spark-submit line paylens prints, and run by bin/paylens --master spark://… while one
 * executor JVM is killed. Both must write the summary.json of a local-mode run. Run by {@code ./mvnw -Pcluster verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Path PROJECT = Path.of(System.getProperty("paylens.projectDir", ".")).toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("paylens.jar")).toAbsolutePath();
    /** Kept after the build for a look at the daemons' and executors' logs (target/cluster-it/work-N/app-…/N/stderr). */
    private static final Path WORK = PROJECT.resolve("target/cluster-it");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    /** The reference run's changes to tiny ({@link LocalReferenceRun}). */
    private static final List<String> SCENARIO_OPTIONS = LocalReferenceRun.SETTINGS;

    private static StandaloneCluster cluster;
    private static String localSummary;
    private static String undisturbedSummary;

    record Result(int exitCode, String stdout, String log) {
    }

    @BeforeAll
    static void runLocallyThenStartTheCluster() throws Exception {
        LocalReferenceRun.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        LocalReferenceRun.Result local = LocalReferenceRun.get();
        assertThat(local.exitCode()).as(local.stderr()).isZero();
        localSummary = Files.readString(LocalReferenceRun.OUT.resolve("metrics/summary.json"));
        cluster = StandaloneCluster.start(PROJECT, WORK.resolve("cluster"), 2, "2g");
    }

    @AfterAll
    static void stopTheClusterAndEveryProcessItStarted() {
        if (cluster != null) {
            cluster.close();
            assertThat(cluster.leftovers()).as("processes still alive after the cluster was stopped").isEmpty();
            assertThat(cluster.processes()).isEmpty();
        }
    }

    @Test
    @Order(1)
    void thePrintedSparkSubmitLineRunsOnTheClusterAndWritesTheLocalSummary() throws Exception {
        String out = WORK.resolve("submitted").toUri().toString(); // file:///…, as on a cluster with a shared mount
        // The scenario file is read through Hadoop's file system too.
        String scenario = PROJECT.resolve("sample-data/scenarios/tiny.yaml").toUri().toString();
        List<String> passedOn = new ArrayList<>(List.of("run", "--scenario", scenario));
        passedOn.addAll(SCENARIO_OPTIONS);
        passedOn.addAll(List.of("--out", out));
        List<String> args = new ArrayList<>(passedOn);
        args.addAll(List.of("--master", cluster.masterUrl(), "--conf", "spark.executor.memory=1g", "--print-submit"));
        Result printed = paylens("print-submit", args);
        assertThat(printed.exitCode()).as(printed.log()).isZero();

        // Nothing here needs quoting, so the line's words split on spaces.
        List<String> submitLine = List.of(printed.stdout().replace("\\\n", " ").strip().split("\\s+"));
        assertThat(submitLine.subList(0, submitLine.size() - passedOn.size())).containsExactly("spark-submit",
                "--master", cluster.masterUrl(), "--deploy-mode", "client", "--conf", "spark.executor.memory=1g",
                "--class", "org.paylens.cli.Main", JAR.toString());
        assertThat(submitLine).endsWith(passedOn.toArray(String[]::new));

        // No spark-submit script here: Spark's launcher class takes the same arguments, and a cluster's Spark has
        // no spark-avro, so the jar's own copy must serve.
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(StandaloneCluster.sparkJavaOptions(PROJECT));
        command.addAll(List.of("-cp", sparkOnlyClassPath(), "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(submitLine.subList(1, submitLine.size()));
        Result submitted = exec("submitted", command);
        assertThat(submitted.exitCode()).as(submitted.log()).isZero();
        assertThat(submitted.log()).contains("report: done in");
        undisturbedSummary = Files.readString(WORK.resolve("submitted/metrics/summary.json"));
        assertThat(undisturbedSummary).isEqualTo(localSummary);
    }

    @Test
    @Order(2)
    void losingAnExecutorMidRunRetriesItsTasksAndChangesNoFigure() throws Exception {
        int uiPort = StandaloneCluster.freePort();
        List<String> args = new ArrayList<>(List.of("run", "--scenario", "tiny"));
        args.addAll(SCENARIO_OPTIONS);
        args.addAll(List.of("--master", cluster.masterUrl(), "--conf", "spark.ui.port=" + uiPort,
                "--out", WORK.resolve("fault").toUri().toString()));
        Path log = WORK.resolve("fault.log");
        Process driver = start(paylensCommand(args), log);
        try {
            StandaloneCluster.awaitLine(log, "ingest: reading", RUN_TIMEOUT);
            // The REST API can report a task that ends before the kill lands (tiny's tasks take well under a
            // second); then the executor is lost with nothing running on it. Kill again, an executor the Master
            // has started since, until the driver reports a task lost with its executor (at most three kills).
            List<String> killed = new ArrayList<>();
            String lostTask = null;
            for (int attempt = 0; attempt < 3 && lostTask == null && driver.isAlive(); attempt++) {
                StandaloneCluster.Executor victim = cluster.executorRunningATask(uiPort, Duration.ofMinutes(2));
                assertThat(victim.process().destroyForcibly()).isTrue(); // SIGKILL, as a crashed machine or the OOM killer
                killed.add(victim.id());
                String failure = "ExecutorLostFailure (executor " + victim.id() + " exited";
                lostTask = StandaloneCluster.awaitLineOrTimeout(log, failure, Duration.ofSeconds(10)) ? victim.id() : null;
            }
            assertThat(driver.waitFor(RUN_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).as("finished in time").isTrue();
            String driverLog = StandaloneCluster.read(log);
            assertThat(driver.exitValue()).as(driverLog).isZero();
            assertThat(lostTask).as("a task lost with executor(s) " + killed + ":\n" + driverLog).isNotNull();
            assertThat(driverLog).contains("Lost executor " + lostTask + " on 127.0.0.1");
        } finally {
            driver.destroyForcibly();
        }
        String summary = Files.readString(WORK.resolve("fault/metrics/summary.json"));
        assertThat(undisturbedSummary).as("the undisturbed cluster run's summary").isNotNull();
        assertThat(summary).isEqualTo(undisturbedSummary).isEqualTo(localSummary);
    }

    private static List<String> paylensCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("bin/paylens").toString()));
        command.addAll(args);
        return command;
    }

    private static Result paylens(String name, List<String> args) throws IOException, InterruptedException {
        return exec(name, paylensCommand(args));
    }

    private static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    /** Runs a command to its end; stdout apart (for the printed line), stderr in {@code name}.log. */
    private static Result exec(String name, List<String> command) throws IOException, InterruptedException {
        Path stdout = WORK.resolve(name + ".out");
        Path log = WORK.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile())
                .redirectOutput(stdout.toFile()).redirectError(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out after " + RUN_TIMEOUT + ": " + command + "\n" + StandaloneCluster.read(log));
        }
        return new Result(process.exitValue(), StandaloneCluster.read(stdout), StandaloneCluster.read(log));
    }

    private static String sparkOnlyClassPath() throws IOException {
        try (Stream<Path> jars = Files.list(PROJECT.resolve("target/lib"))) {
            return jars.map(Path::toString).filter(jar -> jar.endsWith(".jar") && !jar.contains("spark-avro"))
                    .sorted().collect(Collectors.joining(File.pathSeparator));
        }
    }
}
