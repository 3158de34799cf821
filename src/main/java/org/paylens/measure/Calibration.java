package org.paylens.measure;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.scenario.CalibrationTarget;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeEvents;
import org.paylens.scenario.SchemeSpec;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * Compares the generated truth with the published figures the scenario names (its calibration targets). One
 * small aggregation of the truth (spend by scheme, chain and fraud) serves every market measure; the breach
 * measures count victims and their users.
 */
public final class Calibration {
    /**
     * @param relativeError (actual − target) ÷ target; NaN when the measure has nothing to measure (e.g. no users)
     */
    public record Result(String name, String measure, double target, double actual, double relativeError, String source) {
    }

    private record Spend(String scheme, String chain, boolean fraud, long yen, long purchases) {
    }

    private Calibration() {
    }

    public static List<Result> measure(Scenario scenario, Dataset<Row> truthTransactions, Dataset<Row> truthConsumers) {
        if (scenario.calibration().isEmpty()) {
            return List.of();
        }
        List<Spend> spend = new ArrayList<>();
        for (Row row : truthTransactions.groupBy("scheme", "chain", "fraud")
                .agg(sum("amount_yen"), count(lit(1))).collectAsList()) {
            spend.add(new Spend(row.getString(0), row.getString(1), row.getBoolean(2), row.getLong(3), row.getLong(4)));
        }
        List<Result> results = new ArrayList<>();
        for (CalibrationTarget target : scenario.calibration()) {
            double actual = switch (target.measure()) {
                case CASHLESS_SHARE -> ratio(yen(spend, scenario, s -> method(scenario, s) != SchemeSpec.Method.CASH),
                        yen(spend, scenario, s -> true));
                case METHOD_SHARE_OF_CASHLESS -> ratio(yen(spend, scenario, s -> method(scenario, s) == target.method()),
                        yen(spend, scenario, s -> method(scenario, s) != SchemeSpec.Method.CASH));
                case SCHEME_SHARE_OF_METHOD -> {
                    SchemeSpec.Method method = scenario.schemes().get(target.scheme()).method();
                    yield ratio(yen(spend, scenario, s -> s.equals(target.scheme())), yen(spend, scenario, s -> method(scenario, s) == method));
                }
                case CHAIN_SHARE -> ratio(
                        spend.stream().filter(s -> !s.fraud() && s.chain().equals(target.chains().get(0))).mapToLong(Spend::yen).sum(),
                        spend.stream().filter(s -> !s.fraud() && target.chains().contains(s.chain())).mapToLong(Spend::yen).sum());
                case MEAN_TICKET -> ratio(
                        spend.stream().filter(s -> !s.fraud() && target.chains().contains(s.chain())).mapToLong(Spend::yen).sum(),
                        spend.stream().filter(s -> !s.fraud() && target.chains().contains(s.chain())).mapToLong(Spend::purchases).sum());
                case BREACH_VICTIMS_PER_USER -> ratio(victims(truthTransactions, target.scheme()),
                        usersOnBreachStart(scenario, truthConsumers, target.scheme()));
                case BREACH_DAMAGE_PER_VICTIM -> ratio(
                        spend.stream().filter(s -> s.fraud() && s.scheme().equals(target.scheme())).mapToLong(Spend::yen).sum(),
                        victims(truthTransactions, target.scheme()));
            };
            results.add(new Result(target.name(), target.measure().id(), target.target(), actual,
                    Double.isNaN(actual) ? Double.NaN : (actual - target.target()) / target.target(), target.source()));
        }
        return results;
    }

    private static SchemeSpec.Method method(Scenario scenario, String scheme) {
        return scenario.schemes().get(scheme).method();
    }

    /** Yen of genuine (not fraudulent) purchases with the schemes that pass the test. */
    private static long yen(List<Spend> spend, Scenario scenario, java.util.function.Predicate<String> scheme) {
        return spend.stream().filter(s -> !s.fraud() && scenario.schemes().containsKey(s.scheme()) && scheme.test(s.scheme()))
                .mapToLong(Spend::yen).sum();
    }

    private static long victims(Dataset<Row> transactions, String scheme) {
        return transactions.filter(col("fraud").and(col("scheme").equalTo(scheme))).select("consumer_id").distinct().count();
    }

    private static long usersOnBreachStart(Scenario scenario, Dataset<Row> consumers, String scheme) {
        SchemeEvents.Breach breach = scenario.schemes().get(scheme).events().breach();
        return consumers.filter(exists(col("schemes"), s -> s.getField("scheme").equalTo(scheme)
                .and(s.getField("from").leq(lit(Date.valueOf(breach.start())))))).count();
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
