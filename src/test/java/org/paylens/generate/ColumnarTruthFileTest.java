package org.paylens.generate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.SparkTestSession;
import org.paylens.generate.TruthFile.Field;
import org.paylens.generate.TruthFile.Schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.paylens.generate.TruthFile.Primitive.BOOLEAN;
import static org.paylens.generate.TruthFile.Primitive.DATE;
import static org.paylens.generate.TruthFile.Primitive.INT;
import static org.paylens.generate.TruthFile.Primitive.LONG;
import static org.paylens.generate.TruthFile.Primitive.STRING;
import static org.paylens.generate.TruthFile.Primitive.TIMESTAMP;

/**
 * The columnar writer's files as Spark reads them, with either of its Parquet readers: every value and null as set,
 * across row groups and pages (small ones here), with statistics that filters can trust and the fingerprint Spark
 * computes.
 */
class ColumnarTruthFileTest {
    private static final Schema TABLE = Schema.of("table",
            new Field("id", LONG), new Field("small", INT), new Field("flag", BOOLEAN), new Field("day", DATE),
            new Field("ts", TIMESTAMP), new Field("name", STRING), new Field("only", STRING), new Field("text", STRING));
    private static final String[] NAMES = {"銀行Pay", "chain-b", "a", "zz-late", "unused"};
    private static final int ROWS = 1_000;
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.conf().unset("spark.sql.parquet.enableVectorizedReader");
        spark.stop();
    }

    /** Row i's values; null where a row leaves the column unset. */
    private static Object[] expected(int i) {
        boolean early = i < 200; // the first row group has no name at all, and its first pages no value but the id
        return new Object[]{(long) i * 1_000_003L - 500_000_000L,
                early || i % 7 == 3 ? null : i % 250 - 125,
                i % 5 == 0 ? null : i % 3 == 0,
                i % 11 == 0 ? null : Date.valueOf(LocalDate.ofEpochDay(17_000 + i % 40)),
                i % 13 == 0 ? null : Timestamp.from(Instant.ofEpochSecond(1_560_000_000L + 37L * i)),
                early || i % 4 == 1 ? null : NAMES[i % 4],
                i % 9 == 0 ? null : "only",
                i % 6 == 2 ? null : "text-" + (i * 7919 % 1000)};
    }

    private static void write(ColumnarTruthFile file, int i) throws IOException {
        Object[] row = expected(i);
        file.set(0, (Long) row[0]);
        if (row[1] != null) {
            file.set(1, (Integer) row[1]);
        }
        if (row[2] != null) {
            file.set(2, (Boolean) row[2]);
        }
        if (row[3] != null) {
            file.set(3, ((Date) row[3]).toLocalDate().toEpochDay());
        }
        if (row[4] != null) {
            file.set(4, ((Timestamp) row[4]).toInstant().getEpochSecond() * 1_000_000L);
        }
        if (row[5] != null) {
            file.set(5, i % 4);
        }
        if (row[6] != null) {
            file.set(6, 0);
        }
        file.set(7, row[7] == null ? null : ((String) row[7]).getBytes(StandardCharsets.UTF_8));
        file.endRow();
    }

    @Timeout(120) // a misencoded page can make a reader loop instead of failing
    @ParameterizedTest
    @CsvSource({"true, SNAPPY", "false, SNAPPY", "true, UNCOMPRESSED", "false, ZSTD"})
    void sparkReadsEveryValueAndNullWithTheFingerprintTaken(boolean vectorized, CompressionCodecName codec,
                                                            @TempDir java.nio.file.Path dir) throws IOException {
        byte[][] names = new byte[NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            names[i] = NAMES[i].getBytes(StandardCharsets.UTF_8);
        }
        byte[][][] dictionaries = {null, null, null, null, null, names, {"only".getBytes(StandardCharsets.UTF_8)}, null};
        ColumnarTruthFile file = new ColumnarTruthFile(TABLE, dictionaries, new Configuration(), new Path(dir.toString()), 0, 0,
                codec, 300, 64);
        for (int i = 0; i < ROWS; i++) {
            write(file, i);
        }
        String fingerprint = file.commit().text();

        spark.conf().set("spark.sql.parquet.enableVectorizedReader", vectorized);
        Dataset<Row> read = spark.read().parquet(dir.toString());
        assertThat(read.schema().simpleString()).isEqualTo(
                "struct<id:bigint,small:int,flag:boolean,day:date,ts:timestamp,name:string,only:string,text:string>");
        List<Row> rows = read.orderBy("id").collectAsList();
        assertThat(rows).hasSize(ROWS);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Object[] want = expected(i);
            for (int c = 0; c < want.length; c++) {
                Object got = rows.get(i).get(c);
                if (want[c] == null ? got != null : !want[c].equals(got)) {
                    mismatches.add("row " + i + " column " + TABLE.fields().get(c).name() + ": " + got + " instead of " + want[c]);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(GenerateStage.fingerprint(read)).isEqualTo(fingerprint);

        // Filters pushed down to the row groups' and pages' statistics find every row they should.
        assertThat(read.filter(col("name").equalTo("銀行Pay")).count()).isEqualTo(count(i -> NAMES[0].equals(expected(i)[5])));
        assertThat(read.filter(col("name").equalTo("zz-late")).count()).isEqualTo(count(i -> NAMES[3].equals(expected(i)[5])));
        assertThat(read.filter(col("small").equalTo(-125)).count()).isEqualTo(count(i -> Integer.valueOf(-125).equals(expected(i)[1])));
        assertThat(read.filter(col("text").equalTo("text-999")).count()).isEqualTo(count(i -> "text-999".equals(expected(i)[7])));
        assertThat(read.filter(col("id").gt(400_000_000L)).count()).isEqualTo(count(i -> (Long) expected(i)[0] > 400_000_000L));
        assertThat(read.filter(col("flag")).count()).isEqualTo(count(i -> Boolean.TRUE.equals(expected(i)[2])));
        assertThat(read.filter(col("name").isNull()).count()).isEqualTo(count(i -> expected(i)[5] == null));
    }

    private static long count(java.util.function.IntPredicate row) {
        return java.util.stream.IntStream.range(0, ROWS).filter(row).count();
    }
}
