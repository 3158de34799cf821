package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.generate.Randomness;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeKind;
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
            "scheme", "payer_ref", "funding_operator", "funding_ref", "basket", "fault");

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
        boolean funded = scheme.kind() == SchemeKind.CARD || scheme.kind() == SchemeKind.BANK_DIRECT;
        return transactionsWithBaskets
                .filter(col("scheme").equalTo(schemeId))
                .select(col("txn_id"), col("ts"), col("merchant_id"), col("chain"), col("amount_yen"), col("scheme"),
                        payerRef.as("payer_ref"),
                        funded ? col("bank").as("funding_operator") : lit(null).cast("string").as("funding_operator"),
                        funded ? random.pseudonym(col("bank"), consumer).as("funding_ref") : lit(null).cast("string").as("funding_ref"),
                        col("basket"), col("fault"));
    }
}
