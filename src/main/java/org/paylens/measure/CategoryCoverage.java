package org.paylens.measure;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.*;

/**
 * For each operator and alliance, and each merchandise category: the share of the category's yen (the prices of
 * its basket items, over the whole period) in purchases it sees linked to a consumer. An observer that sees only
 * the amount still holds the yen of every item in the purchase, without knowing what they were; the report's heat
 * map shows where each one's knowledge lies.
 */
public final class CategoryCoverage {

    private CategoryCoverage() {
    }

    /**
     * @param holdings    {@link Holdings#of}
     * @param basketItems canonical basket items: txn_id, category, price_yen
     * @return entity, entity_kind, category, linked_yen, category_yen, share
     */
    public static Dataset<Row> of(Dataset<Row> holdings, Dataset<Row> basketItems) {
        Dataset<Row> items = basketItems.select("txn_id", "category", "price_yen");
        Dataset<Row> totals = items.groupBy("category").agg(sum("price_yen").as("category_yen"));
        return holdings.filter(col("linked").and(col("sees_amount"))).select("entity", "entity_kind", "txn_id")
                .join(items, "txn_id")
                .groupBy("entity", "entity_kind", "category").agg(sum("price_yen").as("linked_yen"))
                .join(broadcast(totals), "category")
                .select(col("entity"), col("entity_kind"), col("category"), col("linked_yen"), col("category_yen"),
                        col("linked_yen").cast("double").divide(col("category_yen")).as("share"));
    }
}
