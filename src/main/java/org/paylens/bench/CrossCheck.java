package org.paylens.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Spark's headline measures beside DuckDB's: counts must be equal, shares within {@link #SHARE_TOLERANCE}, and
 * Spark's depth quantiles must be the values at the nearest ranks of DuckDB's exact distribution.
 */
public final class CrossCheck {
    /** Shares (coverage, reach) agree to this; the HHI, on its 0 … 10,000 scale, to 10,000 times it. */
    public static final double SHARE_TOLERANCE = 1e-9;

    /**
     * @param rule how the two were compared: "equal", "±1e-9", or the rank interval Spark's quantile had to reach
     */
    public record Check(String measure, String operator, double spark, double duckdb, String rule, boolean agrees) {
    }

    /** Spark's values of one operator over the whole period, from metrics/profiles and metrics/unicity. */
    public record SparkMeasures(long linkedSpendYen, long linkedTxns, long linkedItems, long reachedConsumers,
                                double spendCoverage, double txnCoverage, double itemCoverage, double consumerReach,
                                double depthMedian, double depthP90, long unicitySampled, long unicityUnique) {
    }

    private CrossCheck() {
    }

    public static List<Check> compare(Map<String, SparkMeasures> spark, double sparkHhi, DuckDbBaseline.Result duckdb) {
        List<Check> checks = new ArrayList<>();
        checks.add(share("HHI of linked spend", "(all)", sparkHhi, duckdb.hhiSpend(), 10_000));
        TreeSet<String> operators = new TreeSet<>(spark.keySet());
        operators.addAll(duckdb.operators().keySet());
        for (String operator : operators) {
            SparkMeasures s = spark.get(operator);
            DuckDbBaseline.OperatorMeasures d = duckdb.operators().get(operator);
            if (s == null || d == null) {
                checks.add(new Check("has measures", operator, s == null ? 0 : 1, d == null ? 0 : 1, "equal", false));
                continue;
            }
            checks.add(count("linked spend (yen)", operator, s.linkedSpendYen(), d.linkedSpendYen()));
            checks.add(count("linked transactions", operator, s.linkedTxns(), d.linkedTxns()));
            checks.add(count("linked items", operator, s.linkedItems(), d.linkedItems()));
            checks.add(count("reached consumers", operator, s.reachedConsumers(), d.reachedConsumers()));
            checks.add(share("spend coverage", operator, s.spendCoverage(), d.spendCoverage(), 1));
            checks.add(share("transaction coverage", operator, s.txnCoverage(), d.txnCoverage(), 1));
            checks.add(share("item coverage", operator, s.itemCoverage(), d.itemCoverage(), 1));
            checks.add(share("consumer reach", operator, s.consumerReach(), d.consumerReach(), 1));
            checks.add(quantile("profile depth median", operator, 0.5, s.depthMedian(), d.depthMedian(), d));
            checks.add(quantile("profile depth p90", operator, 0.9, s.depthP90(), d.depthP90(), d));
            checks.add(count("unicity p" + DuckDbBaseline.UNICITY_P + " sampled", operator, s.unicitySampled(),
                    d.unicitySampled()));
            checks.add(count("unicity p" + DuckDbBaseline.UNICITY_P + " unique", operator, s.unicityUnique(),
                    d.unicityUnique()));
        }
        return checks;
    }

    private static Check count(String measure, String operator, long spark, long duckdb) {
        return new Check(measure, operator, spark, duckdb, "equal", spark == duckdb);
    }

    private static Check share(String measure, String operator, double spark, double duckdb, double scale) {
        return new Check(measure, operator, spark, duckdb, "±" + SHARE_TOLERANCE * scale,
                Math.abs(spark - duckdb) <= SHARE_TOLERANCE * scale);
    }

    /**
     * Spark's q-quantile must be the value at rank ⌈q·n⌉ (at least 1) of DuckDB's exact distribution: that rank must
     * lie among those the value holds.
     */
    static Check quantile(String measure, String operator, double q, double spark, double exact,
                          DuckDbBaseline.OperatorMeasures duckdb) {
        DuckDbBaseline.Rank rank = duckdb.sparkDepthRanks().get(q);
        if (rank == null || rank.n() == 0) {
            return new Check(measure, operator, spark, exact, "no profiles: 0", spark == 0.0);
        }
        long wanted = Math.max(1, (long) Math.ceil(q * rank.n()));
        boolean agrees = rank.below() < wanted && wanted <= rank.atOrBelow();
        return new Check(measure, operator, spark, exact, String.format(java.util.Locale.ROOT,
                "rank %d of %d; Spark's value holds ranks %d…%d", wanted, rank.n(), rank.below() + 1, rank.atOrBelow()),
                agrees);
    }

    public static boolean allAgree(List<Check> checks) {
        return checks.stream().allMatch(Check::agrees);
    }
}
