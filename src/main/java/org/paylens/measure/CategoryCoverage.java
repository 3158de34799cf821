package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.stream.IntStream;

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
     * @param held        {@link ConsumerHoldings}
     * @param basketItems canonical basket items: txn_id, category, price_yen
     * @return entity, entity_kind, category, linked_yen, category_yen, share (categories it holds yen of)
     */
    public static Dataset<Row> of(ConsumerHoldings held, Dataset<Row> basketItems) {
        Dataset<Row> totals = basketItems.groupBy("category").agg(sum("price_yen").as("category_yen"));
        List<String> categories = held.itemCategories();
        if (categories.isEmpty()) {
            return held.byProfile().sparkSession().emptyDataFrame().select(lit(null).cast("string").as("entity"),
                    lit(null).cast("string").as("entity_kind"), lit(null).cast("string").as("category"),
                    lit(null).cast("long").as("linked_yen"), lit(null).cast("long").as("category_yen"),
                    lit(null).cast("double").as("share"));
        }
        Column[] byCategory = IntStream.range(0, categories.size()).mapToObj(i -> struct(lit(categories.get(i)).as("category"),
                sum(ConsumerHoldings.linkedCategory(i)).as("linked_yen"))).toArray(Column[]::new);
        return held.byProfile().filter(col("period").equalTo(ProfileMeasures.ALL))
                .groupBy("entity", "entity_kind").agg(array(byCategory).as("categories"))
                .select(col("entity"), col("entity_kind"), explode(col("categories")).as("c"))
                .select(col("entity"), col("entity_kind"), col("c.category").as("category"), col("c.linked_yen").as("linked_yen"))
                .filter(col("linked_yen").gt(0))
                .join(broadcast(totals), "category")
                .select(col("entity"), col("entity_kind"), col("category"), col("linked_yen"), col("category_yen"),
                        col("linked_yen").cast("double").divide(col("category_yen")).as("share"));
    }
}
