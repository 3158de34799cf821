package org.paylens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.generate.GenerateStage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged artifacts, used the way the README says: bin/paylens, and the thin jar under Spark's own
 * launcher. Both runs of the tiny scenario must write the same summary.json.
 */
class ArtifactsIT {
    private static final Path PROJECT = Path.of(System.getProperty("paylens.projectDir", ".")).toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("paylens.jar"));
    /**
     * tiny, smaller (each run here costs more in Spark's fixed per-stage work than per record), with spoiled records,
     * so that what is quarantined and which duplicate the ingest keeps are compared too.
     */
    private static final List<String> SCENARIO = List.of("--scenario", "tiny", "--set", "population.consumers=400",
            "--set", "faults.rate=0.02");
    @TempDir
    static Path work;
    private static Result launcherRun;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Path stdout = Files.createTempFile(work, "out", ".txt");
        Path stderr = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Result paylens(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("bin/paylens").toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    @BeforeAll
    static void runTinyWithTheLauncher() throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(SCENARIO);
        args.addAll(List.of("--out", work.resolve("launcher").toString()));
        launcherRun = paylens(args.toArray(String[]::new));
    }

    @Test
    void theLauncherRunsTinyAndSaysWhereTheReportIs() {
        assertThat(launcherRun.exitCode()).as(launcherRun.stderr()).isZero();
        assertThat(launcherRun.stdout()).contains("Report:  " + work.resolve("launcher/report/index.html"));
        assertThat(work.resolve("launcher/report/index.html")).isNotEmptyFile();
        assertThat(work.resolve("launcher/metrics/summary.json")).isNotEmptyFile();
        assertThat(work.resolve("launcher/run.json")).isNotEmptyFile();
        assertThat(launcherRun.stderr()).contains("generate: done in").contains("report: done in");
    }

    @Test
    void theThinJarUnderSparkSubmitWritesTheSameSummary() throws Exception {
        // A cluster's Spark has no spark-avro: leave it off the class path, so that the jar's own copy must serve.
        String sparkOnly;
        try (var jars = Files.list(PROJECT.resolve("target/lib"))) {
            sparkOnly = jars.map(Path::toString).filter(jar -> jar.endsWith(".jar") && !jar.contains("spark-avro"))
                    .sorted().collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        List<String> command = new ArrayList<>(List.of("java", "@" + PROJECT.resolve("bin/spark-java-options"),
                "-cp", sparkOnly, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--class", "org.paylens.cli.Main", JAR.toString(), "run"));
        command.addAll(SCENARIO);
        command.addAll(List.of("--out", work.resolve("submit").toString()));
        Result submitted = exec(command);
        assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
        assertThat(Files.readString(work.resolve("submit/metrics/summary.json")))
                .isEqualTo(Files.readString(work.resolve("launcher/metrics/summary.json")));
    }

    @Test
    void oneCoreMakesTheSameTruthAndTheSameSummaryAsEveryCore() throws Exception {
        // The launcher's run used local[*]: every core of this machine (two on the development machine).
        assertThat(launcherRun.exitCode()).as(launcherRun.stderr()).isZero();
        Path oneCore = work.resolve("one-core");
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(SCENARIO);
        args.addAll(List.of("--master", "local[1]", "--out", oneCore.toString()));
        Result result = paylens(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode one = new ObjectMapper().readTree(oneCore.resolve("run.json").toFile());
        JsonNode every = new ObjectMapper().readTree(work.resolve("launcher/run.json").toFile());
        assertThat(one.path("master").asText()).isEqualTo("local[1]");
        assertThat(every.path("master").asText()).isEqualTo("local[*]");
        assertThat(one.path("truthFingerprints").size()).isEqualTo(GenerateStage.TRUTH_TABLES.size());
        assertThat(one.path("truthFingerprints")).isEqualTo(every.path("truthFingerprints"));
        assertThat(Files.readString(oneCore.resolve("metrics/summary.json")))
                .isEqualTo(Files.readString(work.resolve("launcher/metrics/summary.json")));
    }

    @Test
    void badInputThroughTheLauncherIsOneLineAndExitTwo() throws Exception {
        Result bad = paylens("run", "--scenario", "tiny", "--out", work.resolve("bad").toString(),
                "--set", "population.consumers=abc");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr().lines()).containsExactly(
                "paylens: --set population.consumers=abc: population.consumers: 'abc' is not a whole number");
        Result again = paylens("run", "--scenario", "tiny", "--out", work.resolve("launcher").toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.stderr().lines()).hasSize(1).allMatch(line -> line.contains("add --overwrite"));
    }

    @Test
    void theThinJarHoldsOnlySparksAvroModuleOfSparkAndOnlyRelocatedJacksonAndJFreeChart() throws IOException {
        List<String> unrelocated = new ArrayList<>();
        List<String> spark = new ArrayList<>();
        boolean relocatedJackson = false;
        String dataSources;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith("com/fasterxml/") || name.startsWith("org/jfree/")) {
                    unrelocated.add(name);
                }
                if (name.startsWith("org/apache/spark/") && name.endsWith(".class")) {
                    spark.add(name);
                }
                relocatedJackson |= name.startsWith("org/paylens/shaded/jackson/databind/");
            }
            dataSources = new String(jar.getInputStream(jar.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(unrelocated).isEmpty();
        assertThat(relocatedJackson).isTrue();
        // Of Spark, only the spark-avro module, which a cluster's Spark does not ship
        Set<String> sparkAvro = new HashSet<>();
        try (var jars = Files.list(PROJECT.resolve("target/lib"))) {
            Path sparkAvroJar = jars.filter(jar -> jar.getFileName().toString().startsWith("spark-avro_")).findFirst().orElseThrow();
            try (JarFile jar = new JarFile(sparkAvroJar.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(sparkAvro::add);
            }
        }
        assertThat(spark).isNotEmpty().allMatch(sparkAvro::contains);
        assertThat(dataSources.lines().map(String::strip)).contains("org.apache.spark.sql.v2.avro.AvroDataSourceV2");
        assertThat(Files.size(JAR)).isLessThan(20L * 1024 * 1024);
    }
}
