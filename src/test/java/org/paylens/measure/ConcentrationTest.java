package org.paylens.measure;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConcentrationTest {
    @Test
    void twoEqualHoldersGiveFiveThousand() {
        Concentration c = Concentration.of(Map.of("a", 50L, "b", 50L));
        assertThat(c.hhi()).isEqualTo(5_000.0);
        assertThat(c.cr1()).isEqualTo(0.5);
        assertThat(c.band2023()).isEqualTo("highly concentrated");
    }

    @Test
    void aMonopolyGivesTenThousand() {
        Concentration c = Concentration.of(Map.of("a", 7L, "b", 0L));
        assertThat(c.hhi()).isEqualTo(10_000.0);
        assertThat(c.cr3()).isEqualTo(1.0);
    }

    @Test
    void sharesFiftyThirtyTwentyByHand() {
        // 10,000 × (0.5² + 0.3² + 0.2²) = 10,000 × 0.38 = 3,800
        Map<String, Long> amounts = new LinkedHashMap<>();
        amounts.put("small", 20L);
        amounts.put("big", 50L);
        amounts.put("middle", 30L);
        Concentration c = Concentration.of(amounts);
        assertThat(c.hhi()).isCloseTo(3_800.0, within(1e-9));
        assertThat(c.shares().keySet()).containsExactly("big", "middle", "small");
        assertThat(c.cr1()).isEqualTo(0.5);
        assertThat(c.cr3()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void tenEqualHoldersAreNotHighlyConcentrated() {
        Map<String, Long> amounts = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            amounts.put("op" + i, 100L);
        }
        Concentration c = Concentration.of(amounts);
        assertThat(c.hhi()).isCloseTo(1_000.0, within(1e-9));
        assertThat(c.cr3()).isCloseTo(0.3, within(1e-12));
        assertThat(c.band2023()).isEqualTo("not highly concentrated");
    }

    @Test
    void nothingHeldGivesZeroes() {
        Concentration c = Concentration.of(Map.of("a", 0L, "b", 0L));
        assertThat(c.hhi()).isZero();
        assertThat(c.cr1()).isZero();
    }

    @Test
    void negativeAmountsAreRefused() {
        assertThatThrownBy(() -> Concentration.of(Map.of("a", -1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void giniAndLorenzOfFourHoldersByHand() {
        // amounts 0, 10, 30, 60 of 100: Σ|xi − xj| over ordered pairs = 2 × (10+30+60+20+50+30) = 400; 400 / (2·16·25) = 0.5
        Concentration c = Concentration.of(Map.of("a", 0L, "b", 10L, "c", 30L, "d", 60L));
        assertThat(c.gini()).isCloseTo(0.5, within(1e-12));
        assertThat(c.lorenz()).extracting(Concentration.LorenzPoint::holders).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(c.lorenz()).extracting(Concentration.LorenzPoint::units).containsExactly(0.0, 0.0, 0.1, 0.4, 1.0);
    }

    @Test
    void giniIsZeroForEqualHoldersAndNMinusOneOverNForAMonopoly() {
        assertThat(Concentration.of(Map.of("a", 5L, "b", 5L, "c", 5L)).gini()).isCloseTo(0, within(1e-12));
        assertThat(Concentration.of(Map.of("a", 0L, "b", 0L, "c", 0L, "d", 9L)).gini()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void theJftcZoneFollowsTheHhi() {
        assertThat(Concentration.of(Map.of("a", 1L, "b", 1L, "c", 1L, "d", 1L, "e", 1L, "f", 1L, "g", 1L)).jftcSafeHarbour())
                .startsWith("HHI ≤ 1,500");
        assertThat(Concentration.of(Map.of("a", 1L, "b", 1L, "c", 1L, "d", 1L, "e", 1L)).jftcSafeHarbour())
                .startsWith("1,500 < HHI ≤ 2,500"); // 2,000
        assertThat(Concentration.of(Map.of("a", 1L, "b", 1L)).jftcSafeHarbour()).startsWith("HHI > 2,500");
    }

    @Test
    void twoDisjointHoldersPooledAddTwiceTheProductOfTheirShares() {
        // shares 0.2, 0.1 and 0.7; pooling the first two: ΔHHI = 2 × 0.2 × 0.1 × 10,000 = 400
        MergerScore score = MergerScore.of(Map.of("a", 20L, "b", 10L, "c", 70L), Set.of("a", "b"), 30L);
        assertThat(score.hhiBefore()).isCloseTo(5_400, within(1e-9));
        assertThat(score.hhiAfter()).isCloseTo(5_800, within(1e-9));
        assertThat(score.deltaHhi()).isCloseTo(400, within(1e-9));
        assertThat(score.pooledShare()).isCloseTo(0.3, within(1e-12));
        assertThat(score.band2023()).isEqualTo("presumed to lessen competition");
        assertThat(score.jftcSafeHarbour()).isFalse();
    }

    @Test
    void aSmallPoolInAnUnconcentratedMarketIsSafe() {
        Map<String, Long> holders = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            holders.put("h" + i, 5L);
        }
        // two 5% holders whose views overlap: the pool holds 8 units, not 10
        MergerScore score = MergerScore.of(holders, Set.of("h0", "h1"), 8L);
        assertThat(score.hhiBefore()).isCloseTo(500, within(1e-9));
        assertThat(score.hhiAfter()).isCloseTo(10_000 * (18 * 25 + 64) / (98.0 * 98.0), within(1e-9));
        assertThat(score.band2023()).isEqualTo("no presumption");
        assertThat(score.jftcSafeHarbour()).isTrue();
    }
}
