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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged artifacts, used the way the README says: bin/paylens, and the thin jar under Spark's own
 * launcher. Both runs of the tiny scenario must write the same summary.json.
 */
class ArtifactsIT {
    private static final Path PROJECT = Path.of(System.getProperty("paylens.projectDir", ".")).toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("paylens.jar"));
    /** The reference run's scenario ({@link LocalReferenceRun}). */
    private static final List<String> SCENARIO = Stream.concat(Stream.of("--scenario", "tiny"),
            LocalReferenceRun.SETTINGS.stream()).toList();
    /** The reference run, made by bin/paylens on every core: the launcher's run these tests look at. */
    private static final Path LAUNCHER = LocalReferenceRun.OUT;
    @TempDir
    static Path work;
    private static LocalReferenceRun.Result launcherRun;

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
        launcherRun = LocalReferenceRun.get();
    }

    @Test
    void theLauncherRunsTinyAndSaysWhereTheReportIs() {
        assertThat(launcherRun.exitCode()).as(launcherRun.stderr()).isZero();
        assertThat(launcherRun.stdout()).contains("Report:  " + LAUNCHER.resolve("report/index.html"));
        assertThat(LAUNCHER.resolve("report/index.html")).isNotEmptyFile();
        assertThat(LAUNCHER.resolve("metrics/summary.json")).isNotEmptyFile();
        assertThat(LAUNCHER.resolve("run.json")).isNotEmptyFile();
        assertThat(launcherRun.stderr()).contains("generate: done in").contains("report: done in");
    }

    @Test
    void theThinJarUnderSparkSubmitOnOneCoreMakesTheLaunchersTruthAndSummary() throws Exception {
        // The launcher's run used local[*]: every core of this machine (two on the development machine). One core
        // and spark-submit in one run: each is a different way to the same figures, and a run costs about a minute.
        assertThat(launcherRun.exitCode()).as(launcherRun.stderr()).isZero();
        // A cluster's Spark has no spark-avro: leave it off the class path, so that the jar's own copy must serve.
        String sparkOnly;
        try (var jars = Files.list(PROJECT.resolve("target/lib"))) {
            sparkOnly = jars.map(Path::toString).filter(jar -> jar.endsWith(".jar") && !jar.contains("spark-avro"))
                    .sorted().collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        Path oneCore = work.resolve("submit-one-core");
        // As the README's line: paylens' log configuration, since the thin jar's own copy is loaded after Spark's logging starts.
        List<String> command = new ArrayList<>(List.of("java", "@" + PROJECT.resolve("bin/spark-java-options"),
                "-Dlog4j2.configurationFile=" + PROJECT.resolve("src/main/resources/log4j2.properties"),
                "-cp", sparkOnly, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[1]", "--class", "org.paylens.cli.Main", JAR.toString(), "run"));
        command.addAll(SCENARIO);
        command.addAll(List.of("--out", oneCore.toString()));
        Result submitted = exec(command);
        assertThat(submitted.exitCode()).as(submitted.stderr()).isZero();
        assertNoUnactionableWarning(submitted.stderr());
        assertNoUnactionableWarning(launcherRun.stderr());
        JsonNode one = new ObjectMapper().readTree(oneCore.resolve("run.json").toFile());
        JsonNode every = new ObjectMapper().readTree(LAUNCHER.resolve("run.json").toFile());
        assertThat(one.path("master").asText()).isEqualTo("local[1]");
        assertThat(every.path("master").asText()).isEqualTo("local[*]");
        assertThat(one.path("truthFingerprints").size()).isEqualTo(GenerateStage.TRUTH_TABLES.size());
        assertThat(one.path("truthFingerprints")).isEqualTo(every.path("truthFingerprints"));
        assertThat(Files.readString(oneCore.resolve("metrics/summary.json")))
                .isEqualTo(Files.readString(LAUNCHER.resolve("metrics/summary.json")));
    }

    /** Spark's warnings a user of paylens cannot act on, which neither bin/paylens nor the README's line shows. */
    private static void assertNoUnactionableWarning(String stderr) {
        assertThat(stderr).doesNotContain("Using incubator modules").doesNotContain("native-hadoop")
                .doesNotContain("Broadcasting large task binary").doesNotContain("Truncated the string representation")
                .doesNotContain("resolves to a loopback address").doesNotContain("Using Spark's default log4j profile");
    }

    @Test
    void badInputThroughTheLauncherIsOneLineAndExitTwo() throws Exception {
        Result bad = paylens("run", "--scenario", "tiny", "--out", work.resolve("bad").toString(),
                "--set", "population.consumers=abc");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr().lines()).containsExactly(
                "paylens: --set population.consumers=abc: population.consumers: 'abc' is not a whole number");
        Result again = paylens("run", "--scenario", "tiny", "--out", LAUNCHER.toString());
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
