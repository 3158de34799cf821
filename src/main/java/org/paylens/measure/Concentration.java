package org.paylens.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How concentrated a quantity (linked yen, linked items…) is across holders: each holder's share, the
 * Herfindahl–Hirschman index on the 0–10,000 scale, the concentration ratios CR1 and CR3, the Gini coefficient and
 * the Lorenz curve, read against the 2023 US Merger Guidelines and the JFTC's safe harbours (FACTS §6).
 *
 * @param shares          each holder's share of the total, largest first (ties by id)
 * @param hhi             10,000 × Σ share²; 0 when nobody holds anything
 * @param cr1             the largest share
 * @param cr3             the sum of the three largest shares
 * @param gini            Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² mean) over the n holders (zero holders included); 0 when all hold
 *                        the same, (n − 1) ÷ n when one holds everything
 * @param lorenz          the Lorenz curve: holders sorted from smallest to largest, after each the cumulative share
 *                        of holders and of the quantity, starting at (0, 0)
 * @param band2023        the 2023 US Merger Guidelines' reading: "highly concentrated" above 1,800
 * @param jftcSafeHarbour the JFTC zone the HHI falls in and the change in HHI a combination may bring within the
 *                        safe harbour there (≤ 1,500: any; ≤ 2,500: 250; above: 150)
 */
public record Concentration(Map<String, Double> shares, double hhi, double cr1, double cr3, double gini,
                            List<LorenzPoint> lorenz, String band2023, String jftcSafeHarbour) {
    public static final double HIGHLY_CONCENTRATED_2023 = 1_800;
    public static final double JFTC_LOW = 1_500;
    public static final double JFTC_HIGH = 2_500;

    /** A point of the Lorenz curve: the smallest {@code holders} share of holders hold {@code units} of the quantity. */
    public record LorenzPoint(double holders, double units) {
    }

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
        List<Long> ascending = ordered.stream().map(Map.Entry::getValue).sorted().toList();
        return new Concentration(shares, hhi, cr1, cr3, gini(ascending, total), lorenz(ascending, total), band2023(hhi),
                jftcZone(hhi));
    }

    /**
     * Over amounts sorted ascending: Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n + 1) xᵢ (i from 0), so no pairs are needed.
     */
    private static double gini(List<Long> ascending, long total) {
        int n = ascending.size();
        if (n == 0 || total == 0) {
            return 0;
        }
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            weighted += (2.0 * i - n + 1) * ascending.get(i);
        }
        return weighted / ((double) n * total);
    }

    private static List<LorenzPoint> lorenz(List<Long> ascending, long total) {
        List<LorenzPoint> points = new ArrayList<>();
        points.add(new LorenzPoint(0, 0));
        long cumulative = 0;
        for (int i = 0; i < ascending.size(); i++) {
            cumulative += ascending.get(i);
            points.add(new LorenzPoint((double) (i + 1) / ascending.size(), total == 0 ? 0 : (double) cumulative / total));
        }
        return points;
    }

    static String band2023(double hhi) {
        return hhi > HIGHLY_CONCENTRATED_2023 ? "highly concentrated" : "not highly concentrated";
    }

    private static String jftcZone(double hhi) {
        if (hhi <= JFTC_LOW) {
            return "HHI ≤ 1,500: any combination is within the safe harbour";
        }
        return hhi <= JFTC_HIGH ? "1,500 < HHI ≤ 2,500: within the safe harbour if ΔHHI ≤ 250"
                : "HHI > 2,500: within the safe harbour if ΔHHI ≤ 150";
    }
}
