package org.paylens.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.SparkTestSession;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TablesTest {
    private static final StructType SCHEMA = new StructType().add("topup_id", DataTypes.LongType)
            .add("amount_yen", DataTypes.LongType).add("month", DataTypes.StringType);
    private static SparkSession spark;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aTableWithNoRowIsStillReadableWithItsColumns() {
        String path = dir.resolve("topups").toString();
        Tables.writeByMonth(spark.createDataFrame(List.<Row>of(), SCHEMA), path);
        Dataset<Row> read = spark.read().parquet(path);
        assertThat(read.count()).isZero();
        assertThat(read.columns()).contains("topup_id", "amount_yen", "month");
    }

    @Test
    void rowsArePartitionedByMonth() {
        String path = dir.resolve("t").toString();
        Tables.writeByMonth(spark.createDataFrame(List.of(RowFactory.create(1L, 100L, "2019-09"),
                RowFactory.create(2L, 200L, "2019-10")), SCHEMA), path);
        assertThat(dir.resolve("t/month=2019-09")).isDirectory();
        assertThat(spark.read().parquet(path).filter("month = '2019-10'").count()).isEqualTo(1);
    }

    /**
     * The files a task writes itself: what Spark reads back is every row as written, by month, with the schema
     * Spark's own writer gives (so that Tables.read, which trusts the footer, agrees with Spark's inference), and a
     * table of no rows still has its columns.
     */
    @Test
    void filesATaskWritesAreReadBackAsSparkWroteThem() throws Exception {
        StructType rows = new StructType().add("txn_id", DataTypes.LongType).add("ts", DataTypes.TimestampType)
                .add("local_date", DataTypes.DateType).add("local_time", DataTypes.TimestampNTZType)
                .add("name", DataTypes.StringType);
        String path = dir.resolve("written").toString();
        TaskTables.Spec spec = new TaskTables.Spec(spark).table("t", path, rows).plain("t", "txn_id")
                .table("empty", dir.resolve("empty").toString(), rows);
        org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
        try (TaskTables tables = new TaskTables(spec, conf, 3, 0)) {
            tables.write("t", "2019-09", new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(new Object[]{
                    1L, 1_567_296_000_000_000L, 18_140, 1_567_328_400_000_000L, org.apache.spark.unsafe.types.UTF8String.fromString("ローソン")}));
            tables.write("t", "2019-10", new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(new Object[]{
                    2L, null, null, null, null}));
            tables.commit();
        }
        TaskTables.writeEmpty(spec, conf, "empty", true);

        Dataset<Row> inferred = spark.read().parquet(path);
        assertThat(Tables.read(spark, path).schema()).isEqualTo(inferred.schema());
        assertThat(inferred.schema().fieldNames()).containsExactly("txn_id", "ts", "local_date", "local_time", "name", "month");
        List<Row> read = inferred.orderBy("txn_id").collectAsList();
        assertThat(read).hasSize(2);
        assertThat(read.get(0).<Long>getAs("txn_id")).isEqualTo(1L);
        assertThat(read.get(0).<java.sql.Timestamp>getAs("ts").toInstant()).isEqualTo(java.time.Instant.parse("2019-09-01T00:00:00Z"));
        assertThat(read.get(0).<java.sql.Date>getAs("local_date").toLocalDate()).isEqualTo(java.time.LocalDate.of(2019, 9, 1));
        assertThat(read.get(0).<java.time.LocalDateTime>getAs("local_time")).isEqualTo(java.time.LocalDateTime.of(2019, 9, 1, 9, 0));
        assertThat(read.get(0).<String>getAs("name")).isEqualTo("ローソン");
        assertThat(read.get(0).<String>getAs("month")).isEqualTo("2019-09");
        assertThat(read.get(1).<String>getAs("month")).isEqualTo("2019-10");
        assertThat(read.get(1).<Object>getAs("ts")).isNull();
        assertThat(dir.resolve("written/month=2019-09/part-00003.snappy.parquet")).isRegularFile();
        assertThat(java.nio.file.Files.list(dir.resolve("written/month=2019-09")).map(f -> f.getFileName().toString()))
                .as("nothing left under a hidden name").noneMatch(name -> name.contains("inprogress"));

        Dataset<Row> empty = Tables.read(spark, dir.resolve("empty").toString());
        assertThat(empty.count()).isZero();
        assertThat(empty.schema()).isEqualTo(inferred.schema());
    }

    /** A table another writer made (the truth's, by parquet-mr) is opened with the schema Spark would infer. */
    @Test
    void aTableWithoutSparksSchemaInItsFootersIsOpenedWithTheSchemaSparkInfers() throws Exception {
        org.apache.parquet.schema.MessageType parquet = org.apache.parquet.schema.MessageTypeParser.parseMessageType("""
                message m {
                  required int64 txn_id;
                  optional binary name (STRING);
                  optional int32 day (DATE);
                  optional int64 at (TIMESTAMP(MICROS,true));
                  optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
                }""");
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        org.apache.parquet.hadoop.example.GroupWriteSupport.setSchema(parquet, conf);
        java.nio.file.Files.createDirectories(dir.resolve("other"));
        try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> writer =
                     org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                             new org.apache.hadoop.fs.Path(dir.resolve("other/part-0.parquet").toString())).withConf(conf).withType(parquet).build()) {
            writer.write(new org.apache.parquet.example.data.simple.SimpleGroupFactory(parquet).newGroup()
                    .append("txn_id", 7L).append("name", "x"));
        }
        String path = dir.resolve("other").toString();
        assertThat(Tables.read(spark, path).schema()).isEqualTo(spark.read().parquet(path).schema());
        assertThat(Tables.read(spark, path).collectAsList().get(0).<Long>getAs("txn_id")).isEqualTo(7L);
    }
}
