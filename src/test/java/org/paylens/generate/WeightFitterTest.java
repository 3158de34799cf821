package org.paylens.generate;

import org.junit.jupiter.api.Test;
import org.paylens.pipeline.UserError;
import org.paylens.scenario.ScenarioLoader;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightFitterTest {
    private static Map<String, WeightFitter.Group> groupsOf(String scenario) {
        return WeightFitter.groups(ScenarioLoader.load(scenario, List.of())).stream()
                .collect(Collectors.toMap(WeightFitter.Group::name, g -> g));
    }

    @Test
    void the2024TargetsSplitAllSpendIntoGroupsByHand() {
        Map<String, WeightFitter.Group> groups = groupsOf("today-2024");
        assertThat(groups.keySet()).containsExactlyInAnyOrder("cash", "credit", "debit", "emoney", "paypay", "code");
        assertThat(groups.get("cash").target()).isCloseTo(0.572, within(1e-12));
        assertThat(groups.get("credit").target()).isCloseTo(0.428 * 0.829, within(1e-12));
        assertThat(groups.get("paypay").target()).isCloseTo(0.428 * 0.096 * 0.667, within(1e-12));
        assertThat(groups.get("code").target()).isCloseTo(0.428 * 0.096 * 0.333, within(1e-12));
        assertThat(groups.get("code").schemes()).doesNotContain("paypay").contains("famipay", "rakuten-pay");
        assertThat(groups.get("emoney").schemes()).containsExactlyInAnyOrder("suica", "nanaco", "waon");
        assertThat(groups.values().stream().mapToDouble(WeightFitter.Group::target).sum()).isCloseTo(1.0, within(0.001));
    }

    @Test
    void methodsWithoutATargetShareWhatTheTargetedOnesLeave() {
        Map<String, WeightFitter.Group> groups = groupsOf("baseline-2019");
        assertThat(groups.get("other cashless").schemes()).containsExactlyInAnyOrder("j-debit", "suica", "nanaco", "waon");
        assertThat(groups.get("other cashless").target()).isCloseTo(0.268 * (1 - 0.896 - 0.0116), within(1e-12));
        assertThat(groups.values().stream().mapToDouble(WeightFitter.Group::target).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void withoutACashlessTargetThereIsNothingToFit() {
        assertThatThrownBy(() -> WeightFitter.groups(ScenarioLoader.load("tiny", List.of())))
                .isInstanceOf(UserError.class).hasMessageContaining("no cashless_share calibration target");
    }
}
