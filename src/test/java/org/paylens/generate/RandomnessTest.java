package org.paylens.generate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paylens.SparkTestSession;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

class RandomnessTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Row> draws(long seed, int partitions) {
        Randomness random = new Randomness(seed);
        Dataset<Row> rows = spark.range(0, 1000, 1, partitions)
                .select(col("id"), random.hash("test", col("id")).as("h"), random.uniform("test", col("id")).as("u"))
                .orderBy("id");
        return rows.collectAsList();
    }

    /** Pinned: a refactor that changes these changes every generated world. */
    @Test
    void pinnedValues() {
        List<Row> rows = draws(20190930L, 1);
        assertThat(rows.get(0).getLong(1)).isEqualTo(PINNED_HASH_0);
        assertThat(rows.get(1).getDouble(2)).isEqualTo(PINNED_UNIFORM_1);
    }

    @Test
    void theSameWhateverThePartitioning() {
        assertThat(draws(7L, 1)).isEqualTo(draws(7L, 7));
    }

    @Test
    void uniformsLieInTheUnitIntervalAndLookUniform() {
        List<Row> rows = draws(7L, 2);
        double sum = 0;
        for (Row row : rows) {
            double u = row.getDouble(2);
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            sum += u;
        }
        // mean of 1,000 uniforms: 0.5 ± 0.0091 (1 s.d.); 4 s.d. bounds
        assertThat(sum / rows.size()).isBetween(0.4635, 0.5365);
    }

    @Test
    void anotherSeedOrPurposeGivesOtherValues() {
        assertThat(draws(7L, 1).get(5).getLong(1)).isNotEqualTo(draws(8L, 1).get(5).getLong(1));
        long a = spark.range(1).select(new Randomness(7).hash("a", col("id"))).first().getLong(0);
        long b = spark.range(1).select(new Randomness(7).hash("b", col("id"))).first().getLong(0);
        assertThat(a).isNotEqualTo(b);
    }

    // Values this code produced when pinned (seed 20190930, purpose "test", ids 0, 1 and 2).
    static final long PINNED_HASH_0 = 6046564480654423508L;
    static final double PINNED_UNIFORM_1 = 0.8136593051525526;
}
