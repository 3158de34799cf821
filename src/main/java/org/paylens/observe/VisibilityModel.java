package org.paylens.observe;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Field;
import org.paylens.scenario.Role;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.VisibilityRule;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * Decides, from the scenario's rules, which operator sees which fields of each canonical transaction and whether
 * it can tie what it sees to the consumer. One observation per (operator, transaction): an operator playing two
 * roles in a purchase (a bank that runs the scheme and holds the account) sees the union of both.
 */
public final class VisibilityModel {
    private final SparkSession spark;
    private final Scenario scenario;

    public VisibilityModel(SparkSession spark, Scenario scenario) {
        this.spark = spark;
        this.scenario = scenario;
    }

    /**
     * @param transactions canonical transactions
     * @return observations: operator, txn_id, month, amount_yen, item_count, roles, sees_amount, sees_time,
     *         sees_merchant, sees_basket, linked, consumer_ref (the operator's own id of the consumer, when linked)
     */
    public Dataset<Row> observe(Dataset<Row> transactions) {
        Dataset<Row> enriched = transactions
                .join(broadcast(chainOperators()), col("chain").equalTo(col("chain_id")), "left")
                .join(broadcast(schemeTable()), col("scheme").equalTo(col("scheme_id")), "left")
                .join(broadcast(loyaltyTable()), col("loyalty").equalTo(col("loyalty_id")), "left");
        List<Dataset<Row>> perRule = new ArrayList<>();
        List<VisibilityRule> rules = scenario.visibility().rules();
        for (VisibilityRule rule : rules) {
            perRule.add(observationsOf(enriched, rule));
        }
        Dataset<Row> all = perRule.stream().reduce(Dataset::unionByName).orElseThrow();
        return all.groupBy("operator", "txn_id")
                .agg(first("month").as("month"),
                        first("amount_yen").as("amount_yen"),
                        first("item_count").as("item_count"),
                        array_sort(collect_set("role")).as("roles"),
                        max("sees_amount").as("sees_amount"),
                        max("sees_time").as("sees_time"),
                        max("sees_merchant").as("sees_merchant"),
                        max("sees_basket").as("sees_basket"),
                        max("linked").as("linked"),
                        max("consumer_ref").as("consumer_ref"));
    }

    private Dataset<Row> observationsOf(Dataset<Row> enriched, VisibilityRule rule) {
        Column observer = switch (rule.role()) {
            case STORE -> col("store_operator");
            case SCHEME_OPERATOR -> col("scheme_operator");
            case FUNDING_BANK -> col("funding_operator");
            case LOYALTY_PROGRAMME -> col("loyalty_operator");
        };
        Column applies = observer.isNotNull();
        if (!rule.schemeKinds().isEmpty()) {
            applies = applies.and(col("scheme_kind").isin(rule.schemeKinds().stream().map(SchemeKind::id).toArray()));
        }
        // The id the observer knows the consumer by: its wallet or scheme account, the account it holds, or its
        // loyalty card, whichever this purchase shows it.
        // (Comparing a role's own column with itself is skipped: it is always true.)
        Column ownRef = switch (rule.role()) {
            case SCHEME_OPERATOR -> col("payer_ref");
            case FUNDING_BANK -> when(observer.equalTo(col("scheme_operator")), col("payer_ref")).otherwise(col("funding_ref"));
            case LOYALTY_PROGRAMME -> when(observer.equalTo(col("scheme_operator")), col("payer_ref"))
                    .when(observer.equalTo(col("funding_operator")), col("funding_ref")).otherwise(col("loyalty_ref"));
            case STORE -> when(observer.equalTo(col("scheme_operator")), col("payer_ref"))
                    .when(observer.equalTo(col("funding_operator")), col("funding_ref"))
                    .when(observer.equalTo(col("loyalty_operator")), col("loyalty_ref"));
        };
        Column linked = switch (rule.linked()) {
            case ALWAYS, OWN_ID -> lit(true);
            case NEVER -> lit(false);
            case OWN_SCHEME -> rule.role() == Role.SCHEME_OPERATOR ? lit(true)
                    : observer.equalTo(coalesce(col("scheme_operator"), lit("")));
        };
        Column linkedRef = when(linked.and(ownRef.isNotNull()), ownRef);
        return enriched.filter(applies).select(
                observer.as("operator"),
                lit(rule.role().id()).as("role"),
                col("txn_id"), col("month"), col("amount_yen"), col("item_count"),
                lit(rule.fields().contains(Field.AMOUNT)).as("sees_amount"),
                lit(rule.fields().contains(Field.TIME)).as("sees_time"),
                lit(rule.fields().contains(Field.MERCHANT)).as("sees_merchant"),
                lit(rule.fields().contains(Field.BASKET)).as("sees_basket"),
                linkedRef.isNotNull().as("linked"),
                linkedRef.as("consumer_ref"));
    }

    private Dataset<Row> chainOperators() {
        List<Row> rows = new ArrayList<>();
        scenario.chains().forEach((id, chain) -> rows.add(RowFactory.create(id, chain.operator())));
        StructType schema = new StructType().add("chain_id", DataTypes.StringType).add("store_operator", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    private Dataset<Row> loyaltyTable() {
        List<Row> rows = new ArrayList<>();
        scenario.loyalty().forEach((id, programme) -> rows.add(RowFactory.create(id, programme.operator())));
        StructType schema = new StructType().add("loyalty_id", DataTypes.StringType).add("loyalty_operator", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    private Dataset<Row> schemeTable() {
        List<Row> rows = new ArrayList<>();
        scenario.schemes().forEach((id, scheme) -> rows.add(RowFactory.create(id, scheme.kind().id(), scheme.operator())));
        StructType schema = new StructType().add("scheme_id", DataTypes.StringType)
                .add("scheme_kind", DataTypes.StringType).add("scheme_operator", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

}
