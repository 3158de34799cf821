package org.paylens.generate;

import org.apache.spark.sql.SparkSession;
import org.paylens.pipeline.UserError;
import org.paylens.scenario.CalibrationTarget;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.scenario.SchemeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;


/**
 * Fits the schemes' weights so that the simulated spend by method and scheme reproduces the scenario's
 * calibration targets. The targets become groups of schemes with a share of all spend each (cash; each targeted
 * method, less the schemes targeted on their own; each such scheme; all untargeted methods together); every
 * iteration simulates the purchases and scales each group's weights by (target ÷ actual)^0.9, keeping the
 * ratios of weights inside a group. Adoption, acceptance and everything else stay as the scenario says.
 */
public final class WeightFitter {
    private static final double DAMPING = 0.9;

    /** A set of schemes whose spend should be a given share of all spend. */
    public record Group(String name, List<String> schemes, double target) {
    }

    /** One iteration: each group's share of spend before its weights were scaled. */
    public record Iteration(int number, Map<String, Double> actual) {
    }

    private WeightFitter() {
    }

    /** The groups the scenario's targets define; fails when they do not pin down the cash share. */
    public static List<Group> groups(Scenario scenario) {
        Double cashless = null;
        Map<SchemeSpec.Method, Double> methodShares = new LinkedHashMap<>();
        Map<String, Double> schemeShares = new LinkedHashMap<>();
        for (CalibrationTarget target : scenario.calibration()) {
            switch (target.measure()) {
                case CASHLESS_SHARE -> cashless = target.target();
                case METHOD_SHARE_OF_CASHLESS -> methodShares.put(target.method(), target.target());
                case SCHEME_SHARE_OF_METHOD -> schemeShares.put(target.scheme(), target.target());
                default -> {
                }
            }
        }
        if (cashless == null) {
            throw new UserError("scenario '" + scenario.name() + "' has no cashless_share calibration target; "
                    + "weights can only be fitted to targets that fix the split between cash and the other methods");
        }
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("cash", schemesOf(scenario, SchemeSpec.Method.CASH), 1 - cashless));
        double targetedMethods = 0;
        for (Map.Entry<SchemeSpec.Method, Double> method : methodShares.entrySet()) {
            double methodSpend = cashless * method.getValue();
            targetedMethods += method.getValue();
            List<String> rest = new ArrayList<>(schemesOf(scenario, method.getKey()));
            double restShare = 1;
            for (Map.Entry<String, Double> scheme : schemeShares.entrySet()) {
                if (rest.remove(scheme.getKey())) {
                    groups.add(new Group(scheme.getKey(), List.of(scheme.getKey()), methodSpend * scheme.getValue()));
                    restShare -= scheme.getValue();
                }
            }
            if (!rest.isEmpty()) {
                groups.add(new Group(method.getKey().id(), rest, methodSpend * restShare));
            }
        }
        List<String> untargeted = new ArrayList<>();
        for (SchemeSpec.Method method : SchemeSpec.Method.values()) {
            if (method != SchemeSpec.Method.CASH && !methodShares.containsKey(method)) {
                untargeted.addAll(schemesOf(scenario, method));
            }
        }
        if (!untargeted.isEmpty()) {
            groups.add(new Group("other cashless", untargeted, cashless * (1 - targetedMethods)));
        }
        return groups;
    }

    private static List<String> schemesOf(Scenario scenario, SchemeSpec.Method method) {
        List<String> ids = new ArrayList<>();
        scenario.schemes().forEach((id, scheme) -> {
            if (scheme.method() == method) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * @param progress told after each iteration
     * @return the fitted weight of every scheme
     */
    public static Map<String, Double> fit(SparkSession spark, Scenario scenario, int iterations, Consumer<Iteration> progress) {
        List<Group> groups = groups(scenario);
        Map<String, Double> weights = new LinkedHashMap<>();
        scenario.schemes().forEach((id, scheme) -> weights.put(id, scheme.weight()));
        for (int i = 0; i < iterations; i++) {
            Scenario current = withWeights(scenario, weights);
            WorldGenerator generator = new WorldGenerator(spark, current);
            Map<String, Long> yen = generator.genuineSpendByScheme();
            long total = yen.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> actual = new LinkedHashMap<>();
            for (Group group : groups) {
                double share = total == 0 ? 0 : (double) group.schemes().stream().mapToLong(s -> yen.getOrDefault(s, 0L)).sum() / total;
                actual.put(group.name(), share);
                double factor = share == 0 ? 2 : Math.pow(group.target() / share, DAMPING);
                group.schemes().forEach(s -> weights.put(s, weights.get(s) * factor));
            }
            progress.accept(new Iteration(i + 1, actual));
        }
        return weights;
    }

    static Scenario withWeights(Scenario scenario, Map<String, Double> weights) {
        List<String> overrides = new ArrayList<>();
        weights.forEach((id, weight) -> overrides.add("schemes." + id + ".weight=" + String.format(Locale.ROOT, "%.6g", weight)));
        return ScenarioLoader.withOverrides(scenario, overrides);
    }
}
