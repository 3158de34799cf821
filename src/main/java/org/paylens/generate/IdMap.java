package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * truth/id_map: for every id an operator knows a consumer by, the consumer it stands for — one row per
 * (operator, ref, consumer_id, via). Only the evaluation uses it; no operator's view does.
 */
public final class IdMap {
    private IdMap() {
    }

    /** @param consumers truth consumers (with their schemes and loyalty_cards) */
    public static Dataset<Row> of(Scenario scenario, Dataset<Row> consumers) {
        Randomness random = new Randomness(scenario.seed());
        Column consumer = col("consumer_id");
        List<Dataset<Row>> parts = new ArrayList<>();
        Column schemeOperator = lit(null).cast("string");
        for (var entry : scenario.schemes().entrySet()) {
            if (entry.getValue().operator() != null) {
                schemeOperator = when(col("held.scheme").equalTo(entry.getKey()), lit(entry.getValue().operator())).otherwise(schemeOperator);
            }
        }
        parts.add(consumers.select(consumer, explode(col("schemes")).as("held"))
                .select(schemeOperator.as("operator"), consumer, concat(lit("scheme:"), col("held.scheme")).as("via")));
        parts.add(consumers.select(col("bank").as("operator"), consumer, lit("account").as("via")));
        parts.add(consumers.filter(col("card_issuer").isNotNull())
                .select(col("card_issuer").as("operator"), consumer, lit("card").as("via")));
        Column loyaltyOperator = lit(null).cast("string");
        for (Map.Entry<String, org.paylens.scenario.LoyaltySpec> entry : scenario.loyalty().entrySet()) {
            loyaltyOperator = when(col("card").equalTo(entry.getKey()), lit(entry.getValue().operator())).otherwise(loyaltyOperator);
        }
        parts.add(consumers.select(consumer, explode(col("loyalty_cards")).as("card"))
                .select(loyaltyOperator.as("operator"), consumer, concat(lit("loyalty:"), col("card")).as("via")));
        return parts.stream().reduce(Dataset::unionByName).orElseThrow()
                .select(col("operator"), random.pseudonym(col("operator"), consumer).as("ref"), consumer, col("via"));
    }
}
