package org.paylens.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress lines a long stage prints: what Spark runs, tasks done of total. */
class HeartbeatTest {

    @Test
    void aLongJobIsReportedWithItsStageAndTasksDoneOfTotal() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("heartbeat")
                .config("spark.ui.enabled", "false").getOrCreate();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Heartbeat beat = Heartbeat.start(lines::add, "ingest", System.nanoTime(), 200)) {
            // Four tasks of 0.8 s on two cores: about 1.6 s, so several beats fall while a stage runs.
            new JavaSparkContext(spark.sparkContext()).parallelize(List.of(1, 2, 3, 4), 4).foreach(i -> Thread.sleep(800));
        } finally {
            spark.stop();
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("ingest: ").contains(" s — "));
        assertThat(lines).anySatisfy(line -> assertThat(line).containsPattern("Spark stage [0-9]+: [0-4] of 4 tasks done, [0-2] running"));
    }
}
