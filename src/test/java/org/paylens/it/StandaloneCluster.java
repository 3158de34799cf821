package org.paylens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1, started from the Maven class path (target/lib) with no Spark
 * download: one Master and one-core Workers, each a separate JVM, each Worker starting executor JVMs of its own.
 * {@link #close} stops every one of them and reports any process that outlived it.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();
    private final String masterUrl;
    private final List<String> leftovers = new ArrayList<>();

    private StandaloneCluster(Path dir, String masterUrl) {
        this.dir = dir;
        this.masterUrl = masterUrl;
    }

    /**
     * @param project the project directory (its target/lib holds Spark's jars)
     * @param dir     an empty directory for the cluster's SPARK_HOME, work directories and logs
     */
    static StandaloneCluster start(Path project, Path dir, int workers, String workerMemory) throws IOException, InterruptedException {
        // A Worker builds its executors' class path from $SPARK_HOME/jars.
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        try (Stream<Path> lib = Files.list(project.resolve("target/lib"))) {
            for (Path jar : lib.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        int port = freePort();
        StandaloneCluster cluster = new StandaloneCluster(dir, "spark://127.0.0.1:" + port);
        try {
            Path masterLog = dir.resolve("master.log");
            cluster.daemon(project, masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
            awaitLine(masterLog, "I have been elected leader", START_TIMEOUT);
            List<Path> workerLogs = new ArrayList<>();
            for (int i = 1; i <= workers; i++) {
                Path log = dir.resolve("worker-" + i + ".log");
                workerLogs.add(log);
                cluster.daemon(project, log, "org.apache.spark.deploy.worker.Worker", cluster.masterUrl,
                        "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemory,
                        "--webui-port", String.valueOf(freePort()),
                        "--work-dir", Files.createDirectories(dir.resolve("work-" + i)).toString());
            }
            for (Path log : workerLogs) {
                awaitLine(log, "Successfully registered with master", START_TIMEOUT);
            }
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    private void daemon(Path project, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(sparkJavaOptions(project));
        command.addAll(List.of("-Xmx512m", "-cp", project.resolve("target/lib") + "/*", mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // else executors fail with "Cannot find any build directories"
        daemons.add(builder.start());
    }

    /** Spark's JVM flags less the vector module (MLlib only; it makes the JVM print a warning). */
    static List<String> sparkJavaOptions(Path project) throws IOException {
        return Files.readAllLines(project.resolve("bin/spark-java-options")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.contains("jdk.incubator.vector"))
                .toList();
    }

    /** An executor of the application that is running a task now, from the driver's REST API on {@code uiPort}. */
    Executor executorRunningATask(int uiPort, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                String api = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
                String appId = json.readTree(get(http, api)).path(0).path("id").asText();
                for (JsonNode executor : json.readTree(get(http, api + "/" + appId + "/executors"))) {
                    String id = executor.path("id").asText();
                    if (!id.equals("driver") && executor.path("activeTasks").asInt() > 0) {
                        Optional<ProcessHandle> process = executorProcess(appId, id);
                        if (process.isPresent()) {
                            return new Executor(appId, id, process.get());
                        }
                    }
                }
            } catch (IOException e) {
                // the driver's UI is not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no executor ran a task within " + timeout);
    }

    record Executor(String appId, String id, ProcessHandle process) {
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static Optional<ProcessHandle> executorProcess(String appId, String executorId) {
        return ProcessHandle.allProcesses().filter(p -> {
            List<String> args = Arrays.asList(p.info().arguments().orElse(new String[0]));
            int id = args.indexOf("--executor-id");
            int app = args.indexOf("--app-id");
            return args.contains(EXECUTOR_MAIN) && id >= 0 && id + 1 < args.size() && args.get(id + 1).equals(executorId)
                    && app >= 0 && app + 1 < args.size() && args.get(app + 1).equals(appId);
        }).findFirst();
    }

    /** Every live process whose command line names this cluster's directory: its daemons and their executors. */
    List<ProcessHandle> processes() {
        String marker = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false)
                        || daemons.stream().anyMatch(d -> d.pid() == p.pid() && d.isAlive()))
                .toList();
    }

    /**
     * Stops the Workers (each stops its executors) and then the Master with SIGTERM, as Spark's stop scripts do;
     * whatever is still alive after that is killed, and its command line is returned so that a test can fail on it.
     */
    @Override
    public void close() {
        List<ProcessHandle> started = new ArrayList<>(processes());
        for (int i = daemons.size() - 1; i >= 0; i--) { // Workers first, the Master last
            Process daemon = daemons.get(i);
            daemon.destroy();
            try {
                daemon.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leftovers.clear();
        for (ProcessHandle process : concat(started, processes())) {
            try {
                process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                leftovers.add(process.info().commandLine().orElse("pid " + process.pid()));
                process.destroyForcibly();
            }
        }
    }

    /** Processes that were still alive after {@link #close} asked them to stop (and were then killed). */
    List<String> leftovers() {
        return List.copyOf(leftovers);
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> a, List<ProcessHandle> b) {
        List<ProcessHandle> all = new ArrayList<>(a);
        b.stream().filter(p -> all.stream().noneMatch(q -> q.pid() == p.pid())).forEach(all::add);
        return all;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until a log file has a line containing {@code text}. */
    static void awaitLine(Path log, String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (read(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(log + " has no line with '" + text + "' after " + timeout + ":\n"
                + (Files.exists(log) ? read(log) : "(no log)"));
    }

    /** Waits until a log file has a line containing {@code text}, or the time is up; says which. */
    static boolean awaitLineOrTimeout(Path log, String text, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (read(log).contains(text)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** A log being written: a character cut in two at its end is replaced, not an error. */
    static String read(Path log) throws IOException {
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }
}
