package org.paylens.report;

import org.paylens.measure.Concentration;
import org.paylens.measure.EntityMetrics;
import org.paylens.measure.MergerScore;
import org.paylens.measure.Summary;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small hand-made summary with every field the charts read: three operators, one alliance, two months. */
final class ReportFixtures {
    static final List<String> COARSENINGS = List.of("merchant/day", "chain/day");

    private ReportFixtures() {
    }

    static EntityMetrics operator(String id, String name, double coverage, double seen) {
        Map<String, Map<String, Double>> unicity = new LinkedHashMap<>();
        unicity.put("merchant/day", Map.of("p1", 0.2, "p2", 0.9, "p3", 1.0));
        unicity.put("chain/day", Map.of("p1", 0.0, "p2", 0.1, "p3", 0.5));
        EntityMetrics.DepthDistribution depth = new EntityMetrics.DepthDistribution(List.of(0.05, 0.1, 0.25, 0.4, 0.8),
                List.of(5L, 10L, 20L, 10L, 5L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 2L),
                List.of(0.1, 0.8, 3.0, 2.0, 0.9, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.95));
        return new EntityMetrics(id, name, "wallet", null, (long) (coverage * 1000), 10, 20, (long) (seen * 1000), coverage,
                coverage, coverage / 2, seen, coverage, coverage, 0.5, 0.25, 0.4, 0.1, 0.7, unicity.get("merchant/day"),
                null, null, coverage / 3, seen / 2, depth, unicity, Map.of("food", coverage, "clothing", coverage / 4));
    }

    static Summary summary(String firstOperatorName) {
        List<EntityMetrics> operators = List.of(operator("a", firstOperatorName, 0.4, 0.6), operator("b", "PayPay", 0.3, 0.35),
                operator("c", "セブン&アイ", 0.1, 0.5));
        Map<String, Long> held = Map.of("a", 400L, "b", 300L, "c", 100L);
        Concentration spend = Concentration.of(held);
        MergerScore merger = MergerScore.of(held, java.util.Set.of("b", "c"), 350L);
        EntityMetrics alliance = new EntityMetrics("bc", "b + c", "alliance", List.of("b", "c"), 350, 10, 20, 400, 0.35,
                0.35, 0.2, 0.4, null, null, 0.5, 0.3, 0.5, 0.2, 0.6, Map.of("p1", 0.3), merger, merger, 0.1, 0.2,
                null, Map.of(), Map.of());
        List<Summary.Month> monthly = List.of(
                new Summary.Month("2019-09", new Summary.ConcentrationByUnit(spend, spend), operators, List.of(alliance)),
                new Summary.Month("2019-10", new Summary.ConcentrationByUnit(Concentration.of(Map.of("a", 500L, "b", 300L)),
                        spend), operators, List.of(alliance)));
        Summary.ConsumerView view = new Summary.ConsumerView("c000042", 123_456, 17, List.of(
                new Summary.ConsumerView.Seen("a", firstOperatorName, 0.5, 0.7),
                new Summary.ConsumerView.Seen("b", "PayPay", 0.2, 0.2),
                new Summary.ConsumerView.Seen("c", "セブン&アイ", 0.0, 0.3)));
        return new Summary("tiny", 1, new Summary.Period(LocalDate.of(2019, 9, 1), LocalDate.of(2019, 10, 31)),
                new Summary.Counts(10, 2, 5, 100), null, operators, List.of(alliance),
                new Summary.ConcentrationByUnit(spend, spend), monthly, List.of(), List.of(view));
    }

    static List<ScenarioEvent> events() {
        return List.of(new ScenarioEvent(LocalDate.of(2019, 9, 15), "7pay breach"),
                new ScenarioEvent(LocalDate.of(2019, 10, 1), "7pay closed"));
    }
}
