package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.paylens.pipeline.Tables;

import static org.apache.spark.sql.functions.*;

/**
 * The holdings summed once per (entity, period, consumer, profile), and the truth per (period, consumer): every
 * coverage, reach, depth, fidelity, category and consumer-view measure is a sum over these two small tables, so the
 * purchase-level holdings are joined with the truth and the baskets once, not once per measure. A basket is carried
 * as its yen per category, one column each (the categories are a handful), so that no measure joins basket items.
 *
 * @param byProfile  entity, entity_kind, period ("all" or yyyy-MM), consumer_id (null where the truth has no owner),
 *                   profile (null for what the entity holds unlinked), linked_spend_yen, linked_txns, linked_items,
 *                   seen_spend_yen, linked_basket_spend_yen, seen_basket_spend_yen, view_0 … (the entity's view of the
 *                   yen by {@link #viewCategories}, linked and with the amount seen), linked_category_0 … (the yen of
 *                   linked purchases whose amount it sees, by {@link #itemCategories})
 * @param byConsumer period, consumer_id, consumer_spend, consumer_txns, consumer_items, truth_0 … (the consumer's
 *                   basket yen by {@link #itemCategories})
 * @param itemCategories the basket items' categories, sorted
 * @param viewCategories the item categories and the merchants' main categories, sorted, then {@link ProfileMeasures#UNSEEN}
 */
public record ConsumerHoldings(Dataset<Row> byProfile, Dataset<Row> byConsumer, List<String> itemCategories,
                               List<String> viewCategories) {
    /** byProfile's counts of yen, purchases and items, which coarser groupings sum again. */
    static final List<String> COUNTS = List.of("linked_spend_yen", "linked_txns", "linked_items", "seen_spend_yen",
            "linked_basket_spend_yen", "seen_basket_spend_yen");

    /**
     * @param holdings    {@link Holdings#of}
     * @param purchases   canonical transactions: txn_id, month, amount_yen, item_count
     * @param truthOwners txn_id, consumer_id (the truth; evaluation only)
     * @param basketItems canonical basket items: txn_id, category, price_yen
     * @param merchants   the merchant registry: merchant_id, category (the merchant's main category)
     * @param scratch     where the purchases' facts (owner, basket by category) are written once for both tables;
     *                    null to compute them for each
     */
    public static ConsumerHoldings of(Dataset<Row> holdings, Dataset<Row> purchases, Dataset<Row> truthOwners,
                                      Dataset<Row> basketItems, Dataset<Row> merchants, String scratch) {
        List<String> itemCategories = distinct(basketItems, "category");
        TreeSet<String> merchantAndItem = new TreeSet<>(itemCategories);
        merchantAndItem.addAll(distinct(merchants, "category"));
        List<String> viewCategories = new ArrayList<>(merchantAndItem);
        viewCategories.add(ProfileMeasures.UNSEEN);

        // Each purchase's owner and its basket as yen per category: one aggregation of the items for every measure.
        List<Column> basketSums = IntStream.range(0, itemCategories.size())
                .mapToObj(i -> sum(when(col("category").equalTo(itemCategories.get(i)), col("price_yen"))).as(basket(i)))
                .toList();
        Dataset<Row> baskets = itemCategories.isEmpty() ? basketItems.select("txn_id").distinct()
                : aggregate(basketItems.groupBy("txn_id"), basketSums);
        List<Column> factColumns = new ArrayList<>(List.of(col("txn_id"), col("consumer_id")));
        for (int i = 0; i < itemCategories.size(); i++) {
            factColumns.add(coalesce(col(basket(i)), lit(0L)).as(basket(i)));
        }
        Dataset<Row> facts = truthOwners.join(baskets, new String[]{"txn_id"}, "left").select(factColumns.toArray(Column[]::new));
        if (scratch != null) {
            facts.write().parquet(scratch + "/purchase_facts");
            facts = Tables.read(truthOwners.sparkSession(), scratch + "/purchase_facts");
        }

        Dataset<Row> owned = purchases.select("txn_id", "month", "amount_yen", "item_count").join(facts, "txn_id");
        List<Column> consumerSums = new ArrayList<>(List.of(sum("amount_yen").as("consumer_spend"),
                count(lit(1)).as("consumer_txns"), sum("item_count").as("consumer_items")));
        for (int i = 0; i < itemCategories.size(); i++) {
            consumerSums.add(sum(col(basket(i))).as(truth(i)));
        }
        Dataset<Row> byConsumer = withWholePeriod(aggregate(owned.groupBy("month", "consumer_id"), consumerSums),
                List.of("consumer_id"));

        // The facts (one row a purchase) hashed, the holdings (a row per entity and purchase) streamed past them:
        // cheaper than sorting both sides for a sort-merge join.
        Dataset<Row> held = holdings.join(facts.hint("shuffle_hash"), new String[]{"txn_id"}, "left")
                .join(broadcast(merchants.select(col("merchant_id").as("m_id"), col("category").as("m_category"))),
                        col("merchant_id").equalTo(col("m_id")), "left");

        Column linkedSeen = col("linked").and(col("sees_amount"));
        List<Column> sums = new ArrayList<>(List.of(
                sum(when(linkedSeen, col("amount_yen")).otherwise(0L)).as("linked_spend_yen"),
                count(when(col("linked"), lit(1))).as("linked_txns"),
                sum(when(col("linked").and(col("sees_basket")), col("item_count")).otherwise(0L)).as("linked_items"),
                sum(when(col("sees_amount"), col("amount_yen")).otherwise(0L)).as("seen_spend_yen"),
                sum(when(linkedSeen.and(col("sees_basket")), col("amount_yen")).otherwise(0L)).as("linked_basket_spend_yen"),
                sum(when(col("sees_amount").and(col("sees_basket")), col("amount_yen")).otherwise(0L)).as("seen_basket_spend_yen")));
        // The view: the items' categories where the basket is seen, the merchant's main category where only the
        // merchant is, unseen where only the amount is.
        for (int j = 0; j < viewCategories.size(); j++) {
            String category = viewCategories.get(j);
            int item = itemCategories.indexOf(category);
            Column yen = category.equals(ProfileMeasures.UNSEEN)
                    ? when(not(col("sees_basket")).and(not(col("sees_merchant"))), col("amount_yen"))
                    : when(col("sees_basket"), item < 0 ? lit(0L) : coalesce(col(basket(item)), lit(0L)))
                            .when(col("sees_merchant").and(col("m_category").equalTo(category)), col("amount_yen"));
            sums.add(sum(when(linkedSeen, coalesce(yen, lit(0L))).otherwise(0L)).as(view(j)));
        }
        for (int i = 0; i < itemCategories.size(); i++) {
            sums.add(sum(when(linkedSeen, coalesce(col(basket(i)), lit(0L))).otherwise(0L)).as(linkedCategory(i)));
        }
        Dataset<Row> byProfile = withWholePeriod(aggregate(held.groupBy(col("entity"), col("entity_kind"), col("month"),
                col("consumer_id"), col("profile")), sums), List.of("entity", "entity_kind", "consumer_id", "profile"));
        return new ConsumerHoldings(byProfile, byConsumer, itemCategories, viewCategories);
    }

    /** Both tables written under {@code dir} and read back, so that the measures reading them start from files. */
    public ConsumerHoldings written(SparkSession spark, String dir) {
        byProfile.write().parquet(dir + "/by_profile");
        byConsumer.write().parquet(dir + "/by_consumer");
        return new ConsumerHoldings(Tables.read(spark, dir + "/by_profile"), Tables.read(spark, dir + "/by_consumer"),
                itemCategories, viewCategories);
    }

    static String view(int category) {
        return "view_" + category;
    }

    static String truth(int category) {
        return "truth_" + category;
    }

    static String linkedCategory(int category) {
        return "linked_category_" + category;
    }

    private static String basket(int category) {
        return "basket_" + category;
    }

    /**
     * Monthly sums (grouped by month and {@code keys}) as period = month, and their sums over the months as period =
     * "all": every sum column is summed again.
     */
    private static Dataset<Row> withWholePeriod(Dataset<Row> monthly, List<String> keys) {
        List<String> sumColumns = java.util.Arrays.stream(monthly.columns())
                .filter(c -> !c.equals("month") && !keys.contains(c)).toList();
        Dataset<Row> byMonth = monthly.withColumnRenamed("month", "period");
        Dataset<Row> whole = aggregate(monthly.groupBy(keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)),
                sumColumns.stream().map(c -> sum(c).as(c)).toList())
                .withColumn("period", lit(ProfileMeasures.ALL));
        return byMonth.unionByName(whole);
    }

    /** groupBy(…).agg(first, rest…) from a list. */
    static Dataset<Row> aggregate(RelationalGroupedDataset groups, List<Column> columns) {
        return groups.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new));
    }

    private static List<String> distinct(Dataset<Row> table, String column) {
        return table.select(column).filter(col(column).isNotNull()).distinct().collectAsList().stream()
                .map(row -> row.getString(0)).sorted().toList();
    }

}
