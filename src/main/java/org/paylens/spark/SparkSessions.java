package org.paylens.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is built. The master comes from {@code --master}, else from spark-submit
 * (spark.master), else embedded local Spark on every core.
 */
public final class SparkSessions {
    public static final String LOCAL_DEFAULT = "local[*]";
    public static final String JAVA_CHARSETS = "spark.sql.legacy.javaCharsets";
    private static final String HUGE_METHOD_LIMIT = "spark.sql.codegen.hugeMethodLimit";

    private SparkSessions() {
    }

    public static SparkSession start(String master) {
        SparkConf submitted = new SparkConf(); // reads the spark.* system properties spark-submit sets
        SparkSession.Builder builder = SparkSession.builder().appName("paylens");
        if (master != null && !master.isBlank()) {
            builder.master(master);
        } else if (!submitted.contains("spark.master")) {
            builder.master(LOCAL_DEFAULT);
        }
        // Dates and times are computed explicitly in Japan time; a fixed session zone keeps results the same on
        // machines set to any zone.
        builder.config("spark.sql.session.timeZone", "UTC");
        // Japanese bank exports are Shift_JIS; since Spark 4 the CSV source takes charsets beyond the UTF family
        // only with this switch.
        builder.config(JAVA_CHARSETS, "true");
        if (!submitted.contains("spark.sql.shuffle.partitions")) {
            // 200 is sized for clusters; adaptive execution coalesces further.
            builder.config("spark.sql.shuffle.partitions", "16");
        }
        if (!submitted.contains(HUGE_METHOD_LIMIT)) {
            // The generator's expressions make long generated methods; HotSpot interprets any method over 8000
            // bytes instead of compiling it, so Spark is told to split such a stage (its docs suggest 8000 on HotSpot).
            builder.config(HUGE_METHOD_LIMIT, "8000");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        // Under spark-submit Spark's own log configuration is in force; keep paylens' one line per stage.
        Configurator.setLevel("paylens", Level.INFO);
        // A big ingest persists more than fits in memory and Spark says so for every block it spills (about a
        // hundred lines at 10M purchases); spilling is expected there, so only errors of the block store are shown.
        Configurator.setLevel("org.apache.spark.storage", Level.ERROR);
        return spark;
    }
}
