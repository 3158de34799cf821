package org.paylens.generate;

import org.apache.spark.sql.Column;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/** Turns a uniform draw into a pick from a discrete distribution, as one column expression (no UDF). */
final class Draws {
    private Draws() {
    }

    /** The key whose cumulative weight first exceeds {@code u × total}; weights need not sum to 1. */
    static Column weightedPick(Column u, Map<String, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Column pick = null;
        double cumulative = 0;
        String last = null;
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            if (entry.getValue() <= 0) {
                continue;
            }
            cumulative += entry.getValue() / total;
            pick = pick == null ? when(u.lt(cumulative), lit(entry.getKey()))
                    : pick.when(u.lt(cumulative), lit(entry.getKey()));
            last = entry.getKey();
        }
        // Rounding can leave the last cumulative share a hair under 1.
        return pick.otherwise(lit(last));
    }

    /** A Poisson count with the given mean, by inverting its cumulative distribution, capped at {@code max}. */
    static Column poisson(Column u, double mean, int max) {
        double p = Math.exp(-mean);
        double cumulative = p;
        Column count = when(u.lt(cumulative), lit(0));
        for (int k = 1; k < max; k++) {
            p = p * mean / k;
            cumulative += p;
            if (cumulative >= 1.0 - 1e-15) {
                break;
            }
            count = count.when(u.lt(cumulative), lit(k));
        }
        return count.otherwise(lit(max));
    }

    /**
     * Picks a key with weights that are themselves columns (zero where a choice is not available); null when all
     * weights are zero.
     */
    static Column weightedPick(Column u, List<String> keys, List<Column> weights) {
        Column total = lit(0.0);
        for (Column weight : weights) {
            total = total.plus(weight);
        }
        Column target = u.multiply(total);
        Column cumulative = lit(0.0);
        Column pick = null;
        for (int i = 0; i < keys.size(); i++) {
            cumulative = cumulative.plus(weights.get(i));
            Column condition = target.lt(cumulative);
            pick = pick == null ? when(condition, lit(keys.get(i))) : pick.when(condition, lit(keys.get(i)));
        }
        return pick;
    }
}
