package org.paylens.measure;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample draw on rows already in drawing order, as the sort hands them to it. */
class SampleDrawTest {
    private static final StructType ROWS = new StructType().add("entity", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("profile", DataTypes.StringType).add("txn_id", DataTypes.LongType);

    private static List<String> draw(int sampleSize, int maxPoints, Row... sorted) throws Exception {
        List<String> drawn = new ArrayList<>();
        Iterator<Row> rows = new SampleDraw(ROWS, sampleSize, maxPoints).call(List.of(sorted).iterator());
        while (rows.hasNext()) {
            Row row = rows.next();
            assertThat(row.size()).isEqualTo(ROWS.size() + 1);
            drawn.add(row.getString(0) + "/" + row.getString(1) + "/" + row.getString(2) + "/" + row.getLong(3) + "#" + row.getInt(4));
        }
        return drawn;
    }

    private static Row row(String entity, String period, String profile, long txn) {
        return RowFactory.create(entity, period, profile, txn);
    }

    @Test
    void theFirstProfilesOfEachEntityAndPeriodWithTheirFirstPoints() throws Exception {
        // Two profiles of each (entity, period), two points each: p3 is past the sample in (a, all), its third
        // purchase past p1's points; the month starts a new count, and so does entity b in the same period name.
        assertThat(draw(2, 2,
                row("a", "all", "p1", 10), row("a", "all", "p1", 11), row("a", "all", "p1", 12),
                row("a", "all", "p2", 20),
                row("a", "all", "p3", 30),
                row("a", "2019-09", "p3", 30), row("a", "2019-09", "p1", 10),
                row("b", "2019-09", "p1", 40), row("b", "2019-09", "p1", 41)))
                .containsExactly("a/all/p1/10#1", "a/all/p1/11#2", "a/all/p2/20#1",
                        "a/2019-09/p3/30#1", "a/2019-09/p1/10#1",
                        "b/2019-09/p1/40#1", "b/2019-09/p1/41#2");
    }

    @Test
    void nothingInNothingOut() throws Exception {
        assertThat(draw(5, 8)).isEmpty();
    }
}
