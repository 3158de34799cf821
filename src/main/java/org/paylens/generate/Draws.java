package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/** Turns a uniform draw into a pick from a discrete distribution, as one column expression (no UDF). */
public final class Draws {
    private Draws() {
    }

    /** Picks a key with the given fixed weights (need not sum to 1); see {@link #weightedIndex}. */
    public static Column weightedPick(Column u, Map<String, Double> weights) {
        Column keys = array(weights.keySet().stream().map(functions::lit).toArray(Column[]::new));
        return element_at(keys, weightedIndex(u, List.copyOf(weights.values())).plus(1));
    }

    /**
     * The position (0-based) of the weight picked: u below the first cumulative share picks the first positive
     * weight, and so on. An int, which later expressions compare far more cheaply than a key's string.
     */
    static Column weightedIndex(Column u, List<Double> weights) {
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        Column pick = null;
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < weights.size(); i++) {
            if (weights.get(i) <= 0) {
                continue;
            }
            cumulative += weights.get(i) / total;
            pick = pick == null ? when(u.lt(cumulative), lit(i)) : pick.when(u.lt(cumulative), lit(i));
            last = i;
        }
        // Rounding can leave the last cumulative share a hair under 1.
        return pick.otherwise(lit(last));
    }

    /**
     * Picks a key with the given shares, which sum to at most 1; null with the remaining probability.
     */
    static Column weightedPickOrNone(Column u, Map<String, Double> shares) {
        Column pick = null;
        double cumulative = 0;
        for (Map.Entry<String, Double> entry : shares.entrySet()) {
            cumulative += entry.getValue();
            pick = pick == null ? when(u.lt(cumulative), lit(entry.getKey())) : pick.when(u.lt(cumulative), lit(entry.getKey()));
        }
        return pick == null ? lit(null).cast("string") : pick;
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
     * weights are zero. An exponential race: each key draws −ln(u)/weight from its own uniform and the smallest
     * wins, which happens with probability weight ÷ Σ weights. The expression grows linearly with the keys and
     * compiles to plain code (a cumulative-sum pick would grow with their square).
     *
     * @param uniforms one independent uniform per key
     */
    static Column weightedPick(List<Column> uniforms, List<String> keys, List<Column> weights) {
        List<Column> times = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Column u = lit(1.0).minus(uniforms.get(i)); // in (0, 1], so the log is finite
            times.add(when(weights.get(i).gt(0), negate(log(u)).divide(weights.get(i))));
        }
        Column first = least(times.toArray(Column[]::new));
        Column pick = null;
        for (int i = 0; i < keys.size(); i++) {
            Column condition = times.get(i).equalTo(first);
            pick = pick == null ? when(condition, lit(keys.get(i))) : pick.when(condition, lit(keys.get(i)));
        }
        return pick;
    }
}
