package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.*;

/**
 * Coverage, reach, profile depth and profile fidelity of every operator and alliance, for the whole period and per
 * month, in one table (docs/metrics.md has the definitions). Evaluation only: the truth's consumer of each purchase
 * tells which profiles are one person's.
 */
public final class ProfileMeasures {
    public static final String ALL = "all";
    /** The category of yen seen without knowing what they bought (neither basket nor merchant). */
    public static final String UNSEEN = "(unseen)";
    /** The quantiles of profile depth kept for box plots: 5th, 25th, 50th, 75th and 95th percentiles. */
    public static final double[] DEPTH_QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
    /** Profile depth histogram: bins of width 1/20, the last one closed ([0.95, 1]). */
    public static final int DEPTH_BINS = 20;
    /** Accuracy of the approximate percentiles: relative rank error at most 1 / 10,000. */
    public static final int PERCENTILE_ACCURACY = 10_000;

    private ProfileMeasures() {
    }

    /**
     * @param holdings     {@link Holdings#of}
     * @param purchases    canonical transactions: txn_id, month, amount_yen, item_count
     * @param truthOwners  txn_id, consumer_id (the truth; evaluation only)
     * @param basketItems  canonical basket items: txn_id, category, price_yen
     * @param merchants    the merchant registry: merchant_id, category (the merchant's main category)
     * @param consumers    how many consumers the world has
     * @return entity, entity_kind, period ("all" or yyyy-MM), linked_spend_yen, linked_txns, linked_items,
     *         seen_spend_yen, reached_consumers, spend_coverage, seen_spend_coverage, txn_coverage, item_coverage, consumer_reach,
     *         profile_depth_median, profile_depth_p90, share_consumers_over_half, profile_fidelity,
     *         basket_spend_coverage and seen_basket_spend_coverage (the same yen where it also sees the basket),
     *         profile_depth_quantiles ({@link #DEPTH_QUANTILES}), profile_depth_histogram (reached consumers per
     *         bin of {@link #DEPTH_BINS}) and profile_depth_histogram_sums (their depths summed per bin)
     */
    public static Dataset<Row> of(Dataset<Row> holdings, Dataset<Row> purchases, Dataset<Row> truthOwners,
                                  Dataset<Row> basketItems, Dataset<Row> merchants, long consumers) {
        Dataset<Row> owned = purchases.join(truthOwners, "txn_id").withColumn("period", periods());
        Dataset<Row> totals = owned.groupBy("period").agg(sum("amount_yen").as("total_spend"), count(lit(1)).as("total_txns"),
                sum("item_count").as("total_items"));
        Dataset<Row> consumerSpend = owned.groupBy("period", "consumer_id").agg(sum("amount_yen").as("consumer_spend"));

        Dataset<Row> held = holdings.join(truthOwners, "txn_id").withColumn("period", periods());
        Column linkedSpend = when(col("linked").and(col("sees_amount")), col("amount_yen")).otherwise(0L);
        Dataset<Row> coverage = held.groupBy("entity", "entity_kind", "period").agg(
                sum(linkedSpend).as("linked_spend_yen"),
                count(when(col("linked"), lit(1))).as("linked_txns"),
                sum(when(col("linked").and(col("sees_basket")), col("item_count")).otherwise(0L)).as("linked_items"),
                sum(when(col("sees_amount"), col("amount_yen")).otherwise(0L)).as("seen_spend_yen"),
                sum(when(col("linked").and(col("sees_amount")).and(col("sees_basket")), col("amount_yen")).otherwise(0L))
                        .as("linked_basket_spend_yen"),
                sum(when(col("sees_amount").and(col("sees_basket")), col("amount_yen")).otherwise(0L)).as("seen_basket_spend_yen"),
                countDistinct(when(col("linked"), col("consumer_id"))).as("reached_consumers"));

        // A consumer's profile with an entity: the one that holds most of their yen (an alliance may hold several
        // that its members could not tie together; it knows each apart).
        Dataset<Row> linked = held.filter(col("linked"));
        Dataset<Row> profiles = linked.groupBy("entity", "period", "consumer_id", "profile").agg(sum(linkedSpend).as("profile_spend"));
        Dataset<Row> best = profiles.withColumn("rank", row_number().over(Window.partitionBy("entity", "period", "consumer_id")
                        .orderBy(col("profile_spend").desc(), col("profile"))))
                .filter(col("rank").equalTo(1)).drop("rank")
                .join(consumerSpend, new String[]{"period", "consumer_id"})
                .withColumn("depth", when(col("consumer_spend").gt(0), col("profile_spend").divide(col("consumer_spend"))).otherwise(0.0));
        Column depthBin = least(floor(col("depth").multiply(DEPTH_BINS)), lit(DEPTH_BINS - 1));
        Dataset<Row> depth = best.groupBy("entity", "period").agg(
                percentile_approx(col("depth"), lit(0.5), lit(PERCENTILE_ACCURACY)).as("profile_depth_median"),
                percentile_approx(col("depth"), lit(0.9), lit(PERCENTILE_ACCURACY)).as("profile_depth_p90"),
                avg(when(col("depth").gt(0.5), 1.0).otherwise(0.0)).as("share_consumers_over_half"),
                percentile_approx(col("depth"), array(Arrays.stream(DEPTH_QUANTILES).mapToObj(functions::lit).toArray(Column[]::new)),
                        lit(PERCENTILE_ACCURACY)).as("profile_depth_quantiles"),
                array(IntStream.range(0, DEPTH_BINS).mapToObj(bin -> count(when(depthBin.equalTo(bin), lit(1))))
                        .toArray(Column[]::new)).as("profile_depth_histogram"),
                array(IntStream.range(0, DEPTH_BINS).mapToObj(bin -> coalesce(sum(when(depthBin.equalTo(bin), col("depth"))), lit(0.0)))
                        .toArray(Column[]::new)).as("profile_depth_histogram_sums"));

        Dataset<Row> fidelity = fidelity(linked.join(best.select("entity", "period", "consumer_id", "profile"),
                new String[]{"entity", "period", "consumer_id", "profile"}), owned, basketItems, merchants);

        return coverage.join(totals, "period")
                .join(depth, new String[]{"entity", "period"}, "left")
                .join(fidelity, new String[]{"entity", "period"}, "left")
                .select(col("entity"), col("entity_kind"), col("period"), col("linked_spend_yen"), col("linked_txns"),
                        col("linked_items"), col("seen_spend_yen"), col("reached_consumers"),
                        ratio(col("linked_spend_yen"), col("total_spend")).as("spend_coverage"),
                        ratio(col("seen_spend_yen"), col("total_spend")).as("seen_spend_coverage"),
                        ratio(col("linked_basket_spend_yen"), col("total_spend")).as("basket_spend_coverage"),
                        ratio(col("seen_basket_spend_yen"), col("total_spend")).as("seen_basket_spend_coverage"),
                        ratio(col("linked_txns"), col("total_txns")).as("txn_coverage"),
                        ratio(col("linked_items"), col("total_items")).as("item_coverage"),
                        ratio(col("reached_consumers"), lit(consumers)).as("consumer_reach"),
                        coalesce(col("profile_depth_median"), lit(0.0)).as("profile_depth_median"),
                        coalesce(col("profile_depth_p90"), lit(0.0)).as("profile_depth_p90"),
                        coalesce(col("share_consumers_over_half"), lit(0.0)).as("share_consumers_over_half"),
                        coalesce(col("profile_fidelity"), lit(0.0)).as("profile_fidelity"),
                        col("profile_depth_quantiles"), col("profile_depth_histogram"), col("profile_depth_histogram_sums"));
    }

    /**
     * 1 − total variation distance between the entity's view of each reached consumer's spending by category and
     * the truth's, averaged over reached consumers. The view: the items' categories where it sees the basket, the
     * merchant's main category where it sees only the merchant, {@link #UNSEEN} where it sees only the amount.
     */
    private static Dataset<Row> fidelity(Dataset<Row> bestHeld, Dataset<Row> owned, Dataset<Row> basketItems, Dataset<Row> merchants) {
        Dataset<Row> seen = bestHeld.filter(col("sees_amount"));
        Dataset<Row> itemLevel = seen.filter(col("sees_basket")).join(basketItems, "txn_id")
                .select(col("entity"), col("period"), col("consumer_id"), col("category"), col("price_yen").as("yen"));
        Dataset<Row> merchantLevel = seen.filter(not(col("sees_basket")).and(col("sees_merchant")))
                .join(broadcast(merchants.select("merchant_id", "category")), "merchant_id")
                .select(col("entity"), col("period"), col("consumer_id"), col("category"), col("amount_yen").as("yen"));
        Dataset<Row> amountOnly = seen.filter(not(col("sees_basket")).and(not(col("sees_merchant"))))
                .select(col("entity"), col("period"), col("consumer_id"), lit(UNSEEN).as("category"), col("amount_yen").as("yen"));
        Dataset<Row> view = shares(itemLevel.unionByName(merchantLevel).unionByName(amountOnly),
                "entity", "period", "consumer_id").withColumnRenamed("share", "view_share");
        Dataset<Row> truth = shares(owned.join(basketItems, "txn_id")
                .select(col("period"), col("consumer_id"), col("category"), col("price_yen").as("yen")), "period", "consumer_id")
                .withColumnRenamed("share", "truth_share");
        Dataset<Row> reached = bestHeld.select("entity", "period", "consumer_id").distinct();
        Dataset<Row> compared = reached.join(truth, new String[]{"period", "consumer_id"})
                .join(view, new String[]{"entity", "period", "consumer_id", "category"}, "full_outer");
        Dataset<Row> perConsumer = compared.groupBy("entity", "period", "consumer_id").agg(
                        sum(abs(coalesce(col("view_share"), lit(0.0)).minus(coalesce(col("truth_share"), lit(0.0))))).divide(2).as("tvd"),
                        max(col("view_share").isNotNull()).as("sees_any"))
                .withColumn("fidelity", when(col("sees_any"), lit(1.0).minus(col("tvd"))).otherwise(0.0));
        // Reached consumers the entity knows no yen of count with fidelity 0.
        return reached.join(perConsumer, new String[]{"entity", "period", "consumer_id"}, "left")
                .groupBy("entity", "period").agg(avg(coalesce(col("fidelity"), lit(0.0))).as("profile_fidelity"));
    }

    /** Each category's share of the yen of its group: keys are the group's columns. */
    private static Dataset<Row> shares(Dataset<Row> yenByCategory, String... keys) {
        Column[] group = Arrays.stream(keys).map(functions::col).toArray(Column[]::new);
        Column[] groupAndCategory = Arrays.copyOf(group, group.length + 1);
        groupAndCategory[group.length] = col("category");
        return yenByCategory.groupBy(groupAndCategory).agg(sum("yen").as("yen"))
                .withColumn("share", col("yen").divide(sum("yen").over(Window.partitionBy(group))))
                .drop("yen");
    }

    /** Every row counts for the whole period and for its month. */
    static Column periods() {
        return explode(array(lit(ALL), col("month")));
    }

    private static Column ratio(Column part, Column whole) {
        return when(whole.gt(0), part.cast("double").divide(whole)).otherwise(0.0);
    }
}
