package org.paylens.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The integration tests' reference run: tiny, smaller (a run costs more in Spark's fixed per-stage work than per
 * record), with spoiled records so that what is quarantined and which duplicate ingest keeps are compared too.
 * bin/paylens runs it in local mode on every core, once per test JVM; the tests that run it other ways
 * (spark-submit, one core, a standalone cluster) compare their figures with it.
 */
final class LocalReferenceRun {
    static final Path PROJECT = Path.of(System.getProperty("paylens.projectDir", ".")).toAbsolutePath();
    /** The scenario's changes to tiny, as bin/paylens takes them. */
    static final List<String> SETTINGS = List.of("--set", "population.consumers=400", "--set", "faults.rate=0.02");
    /** Kept after the build beside the other integration tests' outputs. */
    static final Path OUT = PROJECT.resolve("target/it-reference/run");

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result result;

    private LocalReferenceRun() {
    }

    /** The run, made on first use: {@code bin/paylens run --scenario tiny … --out target/it-reference/run}. */
    static synchronized Result get() throws IOException, InterruptedException {
        if (result == null) {
            Path home = OUT.getParent();
            deleteRecursively(home);
            Files.createDirectories(home);
            List<String> command = new ArrayList<>(List.of(PROJECT.resolve("bin/paylens").toString(), "run", "--scenario", "tiny"));
            command.addAll(SETTINGS);
            command.addAll(List.of("--out", OUT.toString()));
            Path stdout = home.resolve("stdout.txt");
            Path stderr = home.resolve("stderr.txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return result;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
