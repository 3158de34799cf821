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
}
