package org.paylens.generate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.SparkTestSession;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/** The truth as the simulation's tasks write it: what Spark reads back, and the fingerprints of the writing. */
class TruthWriterTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void sparkReadsBackWhatTheTasksWroteWithTheFingerprintsTheyTook(@TempDir java.nio.file.Path dir) {
        // A breach (fraud, card top-ups), faults in every log, schemes that shut down: every table has rows.
        Scenario scenario = ScenarioLoader.load("baseline-2019", List.of("population.consumers=300", "faults.rate=0.05",
                "period.start=2019-06-20", "period.end=2019-10-10"));
        Map<String, String> written = new WorldGenerator(spark, scenario).writeTruth(dir.toString());
        assertThat(written.keySet()).containsExactly("consumers", "transactions", "basket_items", "topups", "faults", "id_map");
        for (Map.Entry<String, String> table : written.entrySet()) {
            Dataset<Row> read = spark.read().parquet(dir.resolve(table.getKey()).toString());
            assertThat(GenerateStage.fingerprint(read)).as(table.getKey()).isEqualTo(table.getValue());
            assertThat(read.count()).as(table.getKey()).isPositive();
        }
        StructType transactions = spark.read().parquet(dir.resolve("transactions").toString()).schema();
        assertThat(transactions.fieldNames()).containsExactly("txn_id", "consumer_id", "region", "bank", "card_issuer",
                "local_date", "ts", "merchant_id", "chain", "amount_yen", "scheme", "loyalty", "item_count", "topup_yen", "fraud");
        assertThat(transactions.apply("ts").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(transactions.apply("local_date").dataType()).isEqualTo(DataTypes.DateType);
        assertThat(transactions.apply("item_count").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(transactions.apply("fraud").dataType()).isEqualTo(DataTypes.BooleanType);
        StructType consumers = spark.read().parquet(dir.resolve("consumers").toString()).schema();
        assertThat(consumers.apply("schemes").dataType().simpleString()).isEqualTo("array<struct<scheme:string,from:date>>");
        assertThat(consumers.apply("loyalty_cards").dataType().simpleString()).isEqualTo("array<string>");

        Dataset<Row> truth = spark.read().parquet(dir.resolve("transactions").toString());
        assertThat(truth.filter(col("fraud")).count()).isPositive();
        assertThat(truth.filter(col("card_issuer").isNull()).count()).isPositive();
        // Every top-up is the one its purchase needed, two minutes before it, on the same day.
        Dataset<Row> topups = spark.read().parquet(dir.resolve("topups").toString());
        assertThat(topups.join(truth, topups.col("topup_id").equalTo(truth.col("txn_id")))
                .filter(topups.col("amount_yen").equalTo(truth.col("topup_yen"))
                        .and(topups.col("ts").equalTo(truth.col("ts").minus(org.apache.spark.sql.functions.expr("INTERVAL 120 SECONDS"))))
                        .and(topups.col("local_date").equalTo(truth.col("local_date")))).count())
                .isEqualTo(topups.count());
    }

    @Test
    void aTaskAttemptCommitsOnceAndLeavesNothingHalfWritten(@TempDir java.nio.file.Path dir) throws IOException {
        Path table = new Path(dir.resolve("faults").toString());
        Configuration conf = new Configuration();
        TruthFile first = new TruthFile(TruthWriter.FAULTS, conf, table, 3, 0, CompressionCodecName.SNAPPY);
        TruthFile second = new TruthFile(TruthWriter.FAULTS, conf, table, 3, 1, CompressionCodecName.SNAPPY);
        TruthFile failed = new TruthFile(TruthWriter.FAULTS, conf, table, 4, 0, CompressionCodecName.SNAPPY);
        for (TruthFile file : List.of(first, second, failed)) {
            file.set(0, TruthWriter.utf8("7pay")).set(1, 42L).set(2, TruthWriter.utf8("duplicate"));
            file.endRow();
        }
        assertThat(listed(dir.resolve("faults"))).noneMatch(name -> name.startsWith("part-"));
        TruthFile.Fingerprint one = first.commit();
        TruthFile.Fingerprint again = second.commit();
        failed.abort();
        assertThat(again).isEqualTo(one);
        assertThat(listed(dir.resolve("faults"))).filteredOn(name -> !name.endsWith(".crc"))
                .containsExactly("part-00003.snappy.parquet");
        Dataset<Row> read = spark.read().parquet(dir.resolve("faults").toString());
        assertThat(read.collectAsList()).hasSize(1);
        assertThat(GenerateStage.fingerprint(read)).isEqualTo(one.text());
    }

    private static List<String> listed(java.nio.file.Path dir) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
