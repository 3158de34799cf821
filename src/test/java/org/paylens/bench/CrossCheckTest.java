package org.paylens.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules by which Spark's and DuckDB's values agree, and that a difference is caught. */
class CrossCheckTest {
    private static final CrossCheck.SparkMeasures SPARK = new CrossCheck.SparkMeasures(1_000, 10, 30, 5, 0.25, 0.1, 0.3,
            0.5, 0.4, 0.8, 4, 3);

    private static DuckDbBaseline.OperatorMeasures duckdb(long linkedSpend, double spendCoverage, long unique,
                                                         DuckDbBaseline.Rank median) {
        return new DuckDbBaseline.OperatorMeasures(linkedSpend, 10, 30, 5, spendCoverage, 0.1, 0.3, 0.5, 0.4, 0.8,
                Map.of(0.5, median, 0.9, new DuckDbBaseline.Rank(0.8, 4, 5, 5)), 4, unique);
    }

    private static List<CrossCheck.Check> compare(DuckDbBaseline.OperatorMeasures operator, double duckdbHhi) {
        return CrossCheck.compare(Map.of("wallet", SPARK), 10_000,
                new DuckDbBaseline.Result("v", 2, 1.0, Map.of("wallet", operator), duckdbHhi));
    }

    @Test
    void identicalValuesAgree() {
        List<CrossCheck.Check> checks = compare(duckdb(1_000, 0.25, 3, new DuckDbBaseline.Rank(0.4, 2, 3, 5)), 10_000);
        assertThat(checks).hasSize(13).allMatch(CrossCheck.Check::agrees);
    }

    @Test
    void aCountOneApartDisagrees() {
        assertThat(compare(duckdb(1_001, 0.25, 3, new DuckDbBaseline.Rank(0.4, 2, 3, 5)), 10_000))
                .filteredOn(c -> !c.agrees()).extracting(CrossCheck.Check::measure).containsExactly("linked spend (yen)");
        assertThat(compare(duckdb(1_000, 0.25, 2, new DuckDbBaseline.Rank(0.4, 2, 3, 5)), 10_000))
                .filteredOn(c -> !c.agrees()).extracting(CrossCheck.Check::measure).containsExactly("unicity p4 unique");
    }

    @Test
    void sharesAgreeTo1e9AndTheHhiTo1e9OfItsScale() {
        assertThat(compare(duckdb(1_000, 0.25 + 5e-10, 3, new DuckDbBaseline.Rank(0.4, 2, 3, 5)), 10_000 - 5e-6))
                .allMatch(CrossCheck.Check::agrees);
        assertThat(compare(duckdb(1_000, 0.25 + 2e-9, 3, new DuckDbBaseline.Rank(0.4, 2, 3, 5)), 10_000 - 2e-5))
                .filteredOn(c -> !c.agrees()).extracting(CrossCheck.Check::measure)
                .containsExactlyInAnyOrder("spend coverage", "HHI of linked spend");
    }

    @Test
    void aQuantileMustBeTheValueAtTheNearestRank() {
        // 5 profiles: the median is the value at rank ⌈2.5⌉ = 3.
        for (DuckDbBaseline.Rank holdingRank3 : List.of(new DuckDbBaseline.Rank(0.4, 2, 3, 5), new DuckDbBaseline.Rank(0.4, 1, 3, 5))) {
            assertThat(compare(duckdb(1_000, 0.25, 3, holdingRank3), 10_000))
                    .filteredOn(c -> c.measure().equals("profile depth median")).allMatch(CrossCheck.Check::agrees);
        }
        assertThat(compare(duckdb(1_000, 0.25, 3, new DuckDbBaseline.Rank(0.4, 3, 4, 5)), 10_000))
                .filteredOn(c -> c.measure().equals("profile depth median")).noneMatch(CrossCheck.Check::agrees);
        // A value no profile has is no quantile of them.
        assertThat(compare(duckdb(1_000, 0.25, 3, new DuckDbBaseline.Rank(0.4, 2, 2, 5)), 10_000))
                .filteredOn(c -> c.measure().equals("profile depth median")).noneMatch(CrossCheck.Check::agrees);
    }

    @Test
    void anOperatorOnlyOneSideMeasuredDisagrees() {
        List<CrossCheck.Check> checks = CrossCheck.compare(Map.of("wallet", SPARK), 10_000,
                new DuckDbBaseline.Result("v", 2, 1.0, Map.of(), 10_000));
        assertThat(checks).filteredOn(c -> !c.agrees()).extracting(CrossCheck.Check::measure).containsExactly("has measures");
    }
}
