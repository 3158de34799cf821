package org.paylens.measure;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An alliance scored like a merger: the HHI of linked data across holders before, and after its members' data are
 * pooled into one holder, read against the 2023 US Merger Guidelines and the JFTC's safe harbours (FACTS §6).
 * Pooling takes the alliance's own linked data (the union of its members' views), not the sum of their shares, so
 * that a purchase two members both saw counts once; with disjoint views it is the textbook ΔHHI = 2 Σ sᵢsⱼ.
 *
 * @param hhiBefore       across operators, each on its own
 * @param hhiAfter        with the members replaced by the alliance
 * @param deltaHhi        hhiAfter − hhiBefore
 * @param pooledShare     the alliance's share after pooling
 * @param band2023        "presumed to lessen competition" when HHI after > 1,800 and ΔHHI > 100, or the pooled share
 *                        > 30% and ΔHHI > 100; else "no presumption"
 * @param jftcSafeHarbour true when HHI after ≤ 1,500, or ≤ 2,500 with ΔHHI ≤ 250, or above with ΔHHI ≤ 150
 */
public record MergerScore(double hhiBefore, double hhiAfter, double deltaHhi, double pooledShare, String band2023,
                          boolean jftcSafeHarbour) {
    static final double PRESUMPTION_DELTA_2023 = 100;
    static final double PRESUMPTION_SHARE_2023 = 0.30;

    /**
     * @param holders the linked units of every operator on its own
     * @param members the alliance's members
     * @param pooled  the alliance's linked units (its members' views pooled)
     */
    public static MergerScore of(Map<String, Long> holders, Set<String> members, long pooled) {
        Map<String, Long> after = new HashMap<>();
        holders.forEach((id, units) -> {
            if (!members.contains(id)) {
                after.put(id, units);
            }
        });
        String alliance = "\u0000alliance";
        after.put(alliance, pooled);
        Concentration before = Concentration.of(holders);
        Concentration pooledMarket = Concentration.of(after);
        double delta = pooledMarket.hhi() - before.hhi();
        double share = pooledMarket.shares().get(alliance);
        boolean presumed = delta > PRESUMPTION_DELTA_2023
                && (pooledMarket.hhi() > Concentration.HIGHLY_CONCENTRATED_2023 || share > PRESUMPTION_SHARE_2023);
        double hhi = pooledMarket.hhi();
        boolean safe = hhi <= Concentration.JFTC_LOW || (hhi <= Concentration.JFTC_HIGH ? delta <= 250 : delta <= 150);
        return new MergerScore(before.hhi(), hhi, delta, share,
                presumed ? "presumed to lessen competition" : "no presumption", safe);
    }
}
