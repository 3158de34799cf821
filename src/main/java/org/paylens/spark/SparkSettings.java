package org.paylens.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how Spark runs: the master from {@code --master} (null: what spark-submit gave, else embedded local
 * Spark) and the {@code --conf} settings, which win over spark-submit's.
 */
public record SparkSettings(String master, Map<String, String> conf) {
    public SparkSettings {
        conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf)); // kept in the order given
    }

    /** The default: the master spark-submit gives, else local[*]; no extra settings. */
    public static SparkSettings fromEnvironment() {
        return new SparkSettings(null, Map.of());
    }

    public static SparkSettings master(String master) {
        return new SparkSettings(master, Map.of());
    }

    /** What Spark will be configured with: spark-submit's spark.* system properties, then these settings. */
    public SparkConf sparkConf() {
        SparkConf sparkConf = new SparkConf();
        conf.forEach(sparkConf::set);
        if (master != null && !master.isBlank()) {
            sparkConf.setMaster(master);
        }
        return sparkConf;
    }

    /**
     * The Hadoop configuration the session will have, for what the driver reads and writes itself (scenario files,
     * run.json, the report) before or beside Spark: spark.hadoop.* settings and the rest of Spark's rules applied by
     * Spark's own code, so that an s3a:// or hdfs:// location opens the same way for both. SparkHadoopUtil is Spark's
     * internal helper; it is used rather than copying its rules, and the Spark version is pinned in the pom.
     */
    public Configuration hadoopConfiguration() {
        return SparkHadoopUtil.get().newConfiguration(sparkConf());
    }

    public SparkSession start() {
        return SparkSessions.start(this);
    }
}
