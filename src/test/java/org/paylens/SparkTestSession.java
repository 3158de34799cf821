package org.paylens;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/** The local Spark session of one test class: two cores, two shuffle partitions, no UI. */
public final class SparkTestSession {
    private SparkTestSession() {
    }

    public static SparkSession start() {
        SparkSession spark = SparkSession.builder()
                .appName("paylens-test")
                .master("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config(org.paylens.spark.SparkSessions.JAVA_CHARSETS, "true")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Configurator.setLevel("paylens", Level.INFO);
        return spark;
    }
}
