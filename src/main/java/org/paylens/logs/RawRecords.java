package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.generate.Randomness;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeSpec;

import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * What an operator's log of one scheme holds, before a format gives it a shape: the truth with the global consumer
 * id replaced by the pseudonyms each party knows the consumer by.
 */
public final class RawRecords {
    /** Columns handed to {@link LogFormat#write}. */
    public static final List<String> COLUMNS = List.of("txn_id", "ts", "merchant_id", "chain", "amount_yen",
            "scheme", "payer_ref", "funding_operator", "funding_ref", "loyalty", "loyalty_ref", "basket", "fault");

    private RawRecords() {
    }

    /** Truth transactions with their basket nested as an array of (item_no, category, price_yen), in item order. */
    public static Dataset<Row> withBaskets(Dataset<Row> transactions, Dataset<Row> basketItems) {
        Dataset<Row> baskets = basketItems
                .groupBy("txn_id")
                .agg(sort_array(collect_list(struct(col("item_no"), col("category"), col("price_yen")))).as("basket"));
        return transactions.join(baskets, "txn_id");
    }

    /**
     * @param transactionsWithBaskets truth transactions of every scheme, from {@link #withBaskets}
     */
    public static Dataset<Row> of(Scenario scenario, String schemeId, Dataset<Row> transactionsWithBaskets) {
        SchemeSpec scheme = scenario.schemes().get(schemeId);
        Randomness random = new Randomness(scenario.seed());
        Column consumer = col("consumer_id");
        Column payerRef = scheme.operator() == null ? lit(null).cast("string")
                : random.pseudonym(lit(scheme.operator()), consumer);
        // Who holds the account the money comes from at the time of purchase: the bank for direct debits, the
        // issuer for credit. Prepaid schemes were funded earlier, by top-ups (truth/topups).
        Column fundingOperator = switch (scheme.funding()) {
            case DIRECT -> col("bank");
            case CREDIT -> col("card_issuer");
            case CASH, TOPUP -> lit(null).cast("string");
        };
        Column loyaltyOperator = loyaltyOperatorOf(scenario, col("loyalty"));
        return transactionsWithBaskets
                .filter(col("scheme").equalTo(schemeId))
                .select(col("txn_id"), col("ts"), col("merchant_id"), col("chain"), col("amount_yen"), col("scheme"),
                        payerRef.as("payer_ref"),
                        fundingOperator.as("funding_operator"),
                        when(fundingOperator.isNotNull(), random.pseudonym(fundingOperator, consumer)).as("funding_ref"),
                        col("loyalty"),
                        when(col("loyalty").isNotNull(), random.pseudonym(loyaltyOperator, consumer)).as("loyalty_ref"),
                        col("basket"), col("fault"));
    }

    /** The operator of the scanned loyalty programme (whose id space the loyalty ref is in). */
    static Column loyaltyOperatorOf(Scenario scenario, Column loyalty) {
        Column operator = lit(null).cast("string");
        for (var entry : scenario.loyalty().entrySet()) {
            operator = when(loyalty.equalTo(entry.getKey()), lit(entry.getValue().operator())).otherwise(operator);
        }
        return operator;
    }
}
