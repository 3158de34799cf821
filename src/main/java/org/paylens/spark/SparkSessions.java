package org.paylens.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;

/**
 * The one place a SparkSession is built. The master comes from {@code --master}, else from spark-submit
 * (spark.master), else embedded local Spark on every core; {@code --conf} settings come first, and paylens' own
 * defaults below apply only to what neither spark-submit nor {@code --conf} set.
 */
public final class SparkSessions {
    public static final String LOCAL_DEFAULT = "local[*]";
    public static final String JAVA_CHARSETS = "spark.sql.legacy.javaCharsets";
    private static final String HUGE_METHOD_LIMIT = "spark.sql.codegen.hugeMethodLimit";
    private static final String CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

    private static final Logger LOG = LoggerFactory.getLogger("paylens");
    /**
     * Loggers shown only at ERROR, as in src/main/resources/log4j2.properties: warnings a user of paylens cannot act
     * on. The block store (a big ingest spills and says so for every block, about a hundred lines at 10M purchases),
     * Hadoop's missing native library, a plan too long to print in full, a task binary past 1 MiB, and the host
     * name resolving to a loopback address.
     */
    static final List<String> QUIET_LOGGERS = List.of("org.apache.spark.storage", "org.apache.hadoop.util.NativeCodeLoader",
            "org.apache.spark.util.SparkStringUtils", "org.apache.spark.scheduler.DAGScheduler", "org.apache.spark.util.Utils");

    private SparkSessions() {
    }

    /** The jar paylens' classes were loaded from, if they came from a jar (not from a build's class directory). */
    public static Optional<Path> ownJar() {
        try {
            CodeSource source = SparkSessions.class.getProtectionDomain().getCodeSource();
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code work} with {@code spark} as this thread's active session, and puts back the one before. Spark looks
     * the active session up per thread (a physical plan takes it when it is made) and sets it only while an action
     * runs. A command line's main thread has it from the start; a Jupyter kernel runs each cell on a new thread, which
     * has none, and a notebook then failed now and then in ingest with "SparkPlan.session() is null".
     */
    public static <T> T withActive(SparkSession spark, java.util.function.Supplier<T> work) {
        scala.Option<SparkSession> before = SparkSession.getActiveSession();
        SparkSession.setActiveSession(spark);
        try {
            return work.get();
        } catch (RuntimeException e) {
            // A notebook shows only the message; the stack trace goes to the kernel's log, for whoever looks into it.
            if (!(e instanceof org.paylens.pipeline.UserError) && !(e instanceof org.paylens.scenario.ScenarioException)) {
                LOG.error("failed: {}", e.toString(), e);
            }
            throw e;
        } finally {
            if (before.isDefined()) {
                SparkSession.setActiveSession(before.get());
            } else {
                SparkSession.clearActiveSession();
            }
        }
    }

    public static SparkSession start(String master) {
        return start(SparkSettings.master(master));
    }

    /** The event log's directory when the log is on and the directory is on the local file system. */
    static Optional<Path> localEventLogDir(SparkConf conf) {
        if (!conf.getBoolean("spark.eventLog.enabled", false)) {
            return Optional.empty();
        }
        java.net.URI dir = new org.apache.hadoop.fs.Path(conf.get("spark.eventLog.dir", "/tmp/spark-events")).toUri();
        return dir.getScheme() == null || dir.getScheme().equals("file")
                ? Optional.of(Path.of(dir.getPath()).toAbsolutePath()) : Optional.empty();
    }

    public static SparkSession start(SparkSettings settings) {
        SparkConf wanted = settings.sparkConf(); // spark-submit's spark.* system properties, then --master and --conf
        SparkSession.Builder builder = SparkSession.builder().appName("paylens");
        settings.conf().forEach(builder::config);
        String master = wanted.get("spark.master", LOCAL_DEFAULT);
        builder.master(master);
        if (!master.startsWith("local") && !wanted.contains("spark.jars")) {
            // Started by bin/paylens rather than spark-submit: executors on a cluster need paylens' own classes,
            // which spark-submit would ship as its primary jar.
            ownJar().ifPresentOrElse(jar -> builder.config("spark.jars", jar.toUri().toString()),
                    () -> LOG.warn("paylens is not running from its jar, so executors on {} will not find its "
                            + "classes; build it (./mvnw -q -DskipTests package) and run bin/paylens", master));
        }
        // Dates and times are computed explicitly in Japan time; a fixed session zone keeps results the same on
        // machines set to any zone.
        builder.config("spark.sql.session.timeZone", "UTC");
        // Japanese bank exports are Shift_JIS; since Spark 4 the CSV source takes charsets beyond the UTF family
        // only with this switch.
        builder.config(JAVA_CHARSETS, "true");
        if (!wanted.contains("spark.sql.shuffle.partitions")) {
            // 200 is sized for clusters; adaptive execution coalesces further.
            builder.config("spark.sql.shuffle.partitions", "16");
        }
        if (!wanted.contains(HUGE_METHOD_LIMIT)) {
            // The generator's expressions make long generated methods; HotSpot interprets any method over 8000
            // bytes instead of compiling it, so Spark is told to split such a stage (its docs suggest 8000 on HotSpot).
            builder.config(HUGE_METHOD_LIMIT, "8000");
        }
        if (!wanted.contains(CONCURRENT_WRITERS)) {
            // A table written by month (observations/) would otherwise be sorted by month in each task before it is
            // written: with a writer open per month instead, the observe phase's write took a fifth less at 1M
            // purchases (docs/BENCHMARKS.md). Beyond this many months a task sorts the rest, as without it.
            builder.config(CONCURRENT_WRITERS, "24");
        }
        localEventLogDir(wanted).ifPresent(dir -> {
            // Spark refuses to start when the event log's directory is missing ("File file:/tmp/spark-events does
            // not exist"); a local one is made, as a user asking for the log would expect.
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not create the Spark event log directory " + dir
                        + " (--conf spark.eventLog.dir)", e);
            }
        });
        // Set before the session starts (Hadoop's native-library warning comes while it does), and again here because
        // under spark-submit Spark's own log configuration, not paylens' log4j2.properties, is in force.
        QUIET_LOGGERS.forEach(logger -> Configurator.setLevel(logger, Level.ERROR));
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        // Under spark-submit Spark's own log configuration is in force; keep paylens' one line per stage.
        Configurator.setLevel("paylens", Level.INFO);
        QUIET_LOGGERS.forEach(logger -> Configurator.setLevel(logger, Level.ERROR));
        if (spark.sparkContext().uiWebUrl().isDefined()) {
            LOG.info("Spark UI: {}", spark.sparkContext().uiWebUrl().get());
        }
        return spark;
    }
}
