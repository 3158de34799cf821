package org.paylens.observe;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Role;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * Decides, from the scenario's rules, which operator sees which fields of each canonical transaction and whether
 * it can tie what it sees to the consumer. One observation per (operator, record): an operator playing two roles in
 * a purchase (a bank that runs the scheme and holds the account) sees the union of both.
 * <p>
 * Top-ups are observed too, by fixed rules rather than the scenario's: the scheme operator and the bank or card
 * issuer charged both see the amount and the time, each linked by its own id, and nothing of what the money buys.
 * Measures of purchase data use the purchases only.
 */
public final class VisibilityModel {
    public static final String PURCHASE = "purchase";
    public static final String TOPUP = "topup";
    private final SparkSession spark;
    private final Scenario scenario;

    public VisibilityModel(SparkSession spark, Scenario scenario) {
        this.spark = spark;
        this.scenario = scenario;
    }

    /**
     * @param transactions canonical transactions
     * @param topups       canonical top-ups
     * @return observations: operator, record (purchase or topup), txn_id (a top-up's topup_id), month, local_date,
     *         merchant_id, chain, amount_yen, item_count, scheme (the scheme paid or topped up), roles, sees_amount, sees_time, sees_merchant, sees_basket,
     *         linked, consumer_ref (the operator's own id of the consumer, when linked)
     */
    public Dataset<Row> observe(Dataset<Row> transactions, Dataset<Row> topups) {
        Dataset<Row> enriched = withOperators(transactions)
                .select(PurchaseObserver.INPUT.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
        Dataset<Row> purchases = enriched
                .mapPartitions(new PurchaseObserver(scenario.visibility().rules()),
                        Encoders.row(PurchaseObserver.output(enriched.schema())))
                .withColumn("record", lit(PURCHASE));
        return purchases.unionByName(topupObservations(topups));
    }

    /** The purchases with the operators of each role: store, scheme, network, acquirer, loyalty programme. */
    public Dataset<Row> withOperators(Dataset<Row> transactions) {
        return transactions
                .join(broadcast(chainTable()), col("chain").equalTo(col("chain_id")), "left")
                .join(broadcast(schemeTable()), col("scheme").equalTo(col("scheme_id")), "left")
                .join(broadcast(loyaltyTable()), col("loyalty").equalTo(col("loyalty_id")), "left");
    }

    /** The top-ups with their scheme's operator. */
    public Dataset<Row> topupsWithOperators(Dataset<Row> topups) {
        return topups.join(broadcast(schemeTable()), col("scheme").equalTo(col("scheme_id")), "left");
    }

    private Dataset<Row> topupObservations(Dataset<Row> topups) {
        Dataset<Row> withOperator = topupsWithOperators(topups);
        Dataset<Row> byScheme = withOperator.select(col("scheme_operator").as("operator"), lit(Role.SCHEME_OPERATOR.id()).as("role"),
                col("topup_id"), col("payer_ref").as("consumer_ref"));
        Dataset<Row> byFunder = withOperator.filter(col("funding_operator").isNotNull())
                .select(col("funding_operator").as("operator"), lit(Role.FUNDING_BANK.id()).as("role"), col("topup_id"),
                        col("funding_ref").as("consumer_ref"));
        Dataset<Row> seen = byScheme.unionByName(byFunder).filter(col("operator").isNotNull())
                .groupBy("operator", "topup_id")
                .agg(array_sort(collect_set("role")).as("roles"), max("consumer_ref").as("consumer_ref"));
        return seen.join(topups.select("topup_id", "month", "local_date", "amount_yen", "scheme"), "topup_id")
                .select(col("operator"), col("topup_id").as("txn_id"), col("month"), col("local_date"),
                        lit(null).cast("string").as("merchant_id"), lit(null).cast("string").as("chain"), col("amount_yen"),
                        lit(0).as("item_count"), col("scheme"), col("roles"), lit(true).as("sees_amount"), lit(true).as("sees_time"),
                        lit(false).as("sees_merchant"), lit(false).as("sees_basket"), col("consumer_ref").isNotNull().as("linked"),
                        col("consumer_ref"), lit(TOPUP).as("record"));
    }

    private Dataset<Row> chainTable() {
        List<Row> rows = new ArrayList<>();
        scenario.chains().forEach((id, chain) -> rows.add(RowFactory.create(id, chain.operator(), chain.acquirer())));
        StructType schema = new StructType().add("chain_id", DataTypes.StringType).add("store_operator", DataTypes.StringType)
                .add("acquirer_operator", DataTypes.StringType);
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
        scenario.schemes().forEach((id, scheme) -> rows.add(RowFactory.create(id, scheme.kind().id(), scheme.operator(),
                scheme.network())));
        StructType schema = new StructType().add("scheme_id", DataTypes.StringType)
                .add("scheme_kind", DataTypes.StringType).add("scheme_operator", DataTypes.StringType)
                .add("network_operator", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }
}
