package org.paylens.spark;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SparkSettingsTest {
    @Test
    void sparkHadoopSettingsReachTheDriversOwnHadoopConfiguration() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs.s3a.endpoint", "http://objects.internal:9000");
        conf.put("spark.executor.memory", "2g");
        SparkSettings settings = new SparkSettings("spark://head:7077", conf);

        assertThat(settings.hadoopConfiguration().get("fs.s3a.endpoint")).isEqualTo("http://objects.internal:9000");
        assertThat(settings.sparkConf().get("spark.master")).isEqualTo("spark://head:7077");
        assertThat(settings.sparkConf().get("spark.executor.memory")).isEqualTo("2g");
        assertThat(SparkSettings.fromEnvironment().hadoopConfiguration().get("fs.s3a.endpoint")).isNull();
    }

    @Test
    void aLocalEventLogDirectoryIsFoundToBeMadeAndARemoteOneIsLeftToSpark() {
        org.apache.spark.SparkConf on = new org.apache.spark.SparkConf(false).set("spark.eventLog.enabled", "true");
        assertThat(SparkSessions.localEventLogDir(new org.apache.spark.SparkConf(false))).isEmpty();
        assertThat(SparkSessions.localEventLogDir(on.clone())).contains(java.nio.file.Path.of("/tmp/spark-events"));
        assertThat(SparkSessions.localEventLogDir(on.clone().set("spark.eventLog.dir", "file:/tmp/ev")))
                .contains(java.nio.file.Path.of("/tmp/ev"));
        assertThat(SparkSessions.localEventLogDir(on.clone().set("spark.eventLog.dir", "file:///tmp/ev2")))
                .contains(java.nio.file.Path.of("/tmp/ev2"));
        assertThat(SparkSessions.localEventLogDir(on.clone().set("spark.eventLog.dir", "events")))
                .contains(java.nio.file.Path.of("events").toAbsolutePath());
        assertThat(SparkSessions.localEventLogDir(on.clone().set("spark.eventLog.dir", "hdfs://nn:8020/spark-logs"))).isEmpty();
    }

    @Test
    void hadoopUrisAreToldFromLocalPaths() {
        assertThat(HadoopLocations.isUri("hdfs://nn:8020/out")).isTrue();
        assertThat(HadoopLocations.isUri("s3a://bucket/x.yaml")).isTrue();
        assertThat(HadoopLocations.isUri("file:///tmp/out")).isTrue();
        assertThat(HadoopLocations.isUri("file:/tmp/out")).isTrue();
        assertThat(HadoopLocations.isUri("/tmp/out")).isFalse();
        assertThat(HadoopLocations.isUri("out/run:1")).isFalse();
        assertThat(HadoopLocations.isUri("C:/runs")).isFalse();
    }
}
