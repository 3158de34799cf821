package org.paylens.measure;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

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
}
