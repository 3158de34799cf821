package org.paylens.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How concentrated a quantity (linked yen, linked items…) is across holders: each holder's share, the
 * Herfindahl–Hirschman index on the 0–10,000 scale and the concentration ratios CR1 and CR3.
 *
 * @param shares   each holder's share of the total, largest first (ties by id)
 * @param hhi      10,000 × Σ share²; 0 when nobody holds anything
 * @param cr1      the largest share
 * @param cr3      the sum of the three largest shares
 * @param band2023 the 2023 US Merger Guidelines' reading: "highly concentrated" above 1,800 (FACTS §6a)
 */
public record Concentration(Map<String, Double> shares, double hhi, double cr1, double cr3, String band2023) {
    public static final double HIGHLY_CONCENTRATED_2023 = 1_800;

    /** Holders with a zero amount count as holders with a zero share; negative amounts are refused. */
    public static Concentration of(Map<String, Long> amounts) {
        long total = 0;
        for (Map.Entry<String, Long> entry : amounts.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException("negative amount for " + entry.getKey() + ": " + entry.getValue());
            }
            total += entry.getValue();
        }
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(amounts.entrySet());
        ordered.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        Map<String, Double> shares = new LinkedHashMap<>();
        double hhi = 0;
        double cr3 = 0;
        int rank = 0;
        for (Map.Entry<String, Long> entry : ordered) {
            double share = total == 0 ? 0 : (double) entry.getValue() / total;
            shares.put(entry.getKey(), share);
            hhi += 10_000 * share * share;
            if (rank++ < 3) {
                cr3 += share;
            }
        }
        double cr1 = ordered.isEmpty() || total == 0 ? 0 : (double) ordered.get(0).getValue() / total;
        return new Concentration(shares, hhi, cr1, cr3, hhi > HIGHLY_CONCENTRATED_2023 ? "highly concentrated" : "not highly concentrated");
    }
}
