package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        return of(ConsumerHoldings.of(holdings, purchases, truthOwners, basketItems, merchants, null), consumers);
    }

    /** The same from the holdings already summed per consumer and profile. */
    public static Dataset<Row> of(ConsumerHoldings held, long consumers) {
        Dataset<Row> byConsumer = held.byConsumer();
        Dataset<Row> totals = byConsumer.groupBy("period").agg(sum("consumer_spend").as("total_spend"),
                sum("consumer_txns").as("total_txns"), sum("consumer_items").as("total_items"));

        // A consumer's profile with an entity: the one that holds most of their yen, the first by name on a tie (an
        // alliance may hold several that its members could not tie together; it knows each apart). min() of
        // (−spend, profile, view…) picks it along with its view of their spending.
        List<Column> bestFields = new ArrayList<>(List.of(negate(col("linked_spend_yen")).as("negated_spend"), col("profile")));
        for (int j = 0; j < held.viewCategories().size(); j++) {
            bestFields.add(col(ConsumerHoldings.view(j)));
        }
        Dataset<Row> perConsumer = ConsumerHoldings.aggregate(held.byProfile().filter(col("consumer_id").isNotNull())
                        .groupBy("entity", "entity_kind", "period", "consumer_id"),
                countsSummedAgainWith(min(when(col("profile").isNotNull(), struct(bestFields.toArray(Column[]::new)))).as("best")));
        // Every consumer an entity holds anything of, with the truth's totals for the consumer beside it; one
        // ranking and one aggregation per (entity, period) then give the sums, the reach and the depth measures
        // together. Depth is measured over the consumers it holds a profile of (the truth knows every one of them).
        Column inDepth = col("best").isNotNull().and(col("consumer_txns").isNotNull());
        Dataset<Row> withTruth = perConsumer.join(byConsumer, new String[]{"period", "consumer_id"}, "left")
                .withColumn("depth", when(inDepth, when(col("consumer_spend").gt(0),
                        negate(col("best.negated_spend")).divide(col("consumer_spend"))).otherwise(0.0)))
                .withColumn("profile_fidelity", when(inDepth, fidelity(held)));
        // (least() skips a null, so a consumer out of depth would fall in the last bin without the when.)
        Column depthBin = when(inDepth, least(floor(col("depth").multiply(DEPTH_BINS)), lit(DEPTH_BINS - 1)));
        // Exact quantiles: each entity's depths in order (one sort of the consumers it holds, far fewer rows than
        // purchases), the q-quantile being the value at rank ⌈q·n⌉ among the n in depth, which are ranked first.
        // Exact, so the same on any number of partitions.
        WindowSpec group = Window.partitionBy("entity", "period");
        Column inDepthCount = count(when(inDepth, lit(1)));
        Dataset<Row> ranked = withTruth
                .withColumn("rank", row_number().over(group.orderBy(not(inDepth), col("depth"), col("consumer_id"))))
                .withColumn("n", inDepthCount.over(group));
        List<Column> measures = new ArrayList<>();
        ConsumerHoldings.COUNTS.forEach(c -> measures.add(sum(c).as(c)));
        measures.addAll(List.of(count(col("best")).as("reached_consumers"),
                quantile(0.5).as("profile_depth_median"),
                quantile(0.9).as("profile_depth_p90"),
                avg(when(inDepth, when(col("depth").gt(0.5), 1.0).otherwise(0.0))).as("share_consumers_over_half"),
                whenInDepth(inDepthCount, array(Arrays.stream(DEPTH_QUANTILES).mapToObj(ProfileMeasures::quantile)
                        .toArray(Column[]::new))).as("profile_depth_quantiles"),
                whenInDepth(inDepthCount, array(IntStream.range(0, DEPTH_BINS)
                        .mapToObj(bin -> count(when(depthBin.equalTo(bin), lit(1)))).toArray(Column[]::new)))
                        .as("profile_depth_histogram"),
                whenInDepth(inDepthCount, array(IntStream.range(0, DEPTH_BINS)
                        .mapToObj(bin -> coalesce(exactSum(when(depthBin.equalTo(bin), col("depth"))), lit(0.0)))
                        .toArray(Column[]::new))).as("profile_depth_histogram_sums"),
                whenInDepth(inDepthCount, exactSum(col("profile_fidelity")).divide(inDepthCount)).as("profile_fidelity")));
        Dataset<Row> coverage = ConsumerHoldings.aggregate(ranked.groupBy("entity", "entity_kind", "period"), measures);

        return coverage.join(totals, "period")
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

    /** A depth measure of a group with consumers in depth; null, as for an entity that reaches nobody, without. */
    private static Column whenInDepth(Column inDepthCount, Column measure) {
        return when(inDepthCount.gt(0), measure);
    }

    /** {@link ConsumerHoldings#COUNTS} summed again under their names, then {@code last}. */
    private static List<Column> countsSummedAgainWith(Column last) {
        List<Column> columns = new ArrayList<>();
        ConsumerHoldings.COUNTS.forEach(c -> columns.add(sum(c).as(c)));
        columns.add(last);
        return columns;
    }

    /**
     * A sum of doubles in [0, 1] that does not depend on the order the rows are added in (a double sum does, in its
     * last bits, and rows arrive in a different order on another number of partitions): each is rounded to 18
     * decimals and the decimals are summed exactly.
     */
    private static Column exactSum(Column unitInterval) {
        return sum(unitInterval.cast(EXACT)).cast("double");
    }

    private static final DecimalType EXACT = DataTypes.createDecimalType(28, 18);

    /** The q-quantile of the depths (nearest rank: the value at rank ⌈q·n⌉, at least 1), within a group of ranked rows. */
    private static Column quantile(double q) {
        return max(when(col("rank").equalTo(greatest(lit(1L), ceil(lit(q).multiply(col("n"))))), col("depth")));
    }

    /**
     * 1 − total variation distance between the entity's view of the consumer's spending by category (in the best
     * profile: the items' categories where it sees the basket, the merchant's main category where it sees only the
     * merchant, {@link #UNSEEN} where it sees only the amount) and the truth's (their basket items by category); 0
     * when it knows none of their yen. A consumer the truth knows no basket of has truth shares of 0.
     */
    private static Column fidelity(ConsumerHoldings held) {
        List<String> view = held.viewCategories();
        Column viewTotal = lit(0L);
        for (int j = 0; j < view.size(); j++) {
            viewTotal = viewTotal.plus(col("best." + ConsumerHoldings.view(j)));
        }
        Column truthTotal = lit(0L);
        for (int i = 0; i < held.itemCategories().size(); i++) {
            truthTotal = truthTotal.plus(col(ConsumerHoldings.truth(i)));
        }
        Column distance = lit(0.0);
        for (int j = 0; j < view.size(); j++) {
            int item = held.itemCategories().indexOf(view.get(j));
            Column truthShare = item < 0 ? lit(0.0)
                    : when(truthTotal.gt(0), col(ConsumerHoldings.truth(item)).divide(truthTotal)).otherwise(0.0);
            distance = distance.plus(abs(col("best." + ConsumerHoldings.view(j)).divide(viewTotal).minus(truthShare)));
        }
        return when(viewTotal.gt(0), lit(1.0).minus(distance.divide(2))).otherwise(0.0);
    }

    /** Every row counts for the whole period and for its month. */
    static Column periods() {
        return explode(array(lit(ALL), col("month")));
    }

    private static Column ratio(Column part, Column whole) {
        return when(whole.gt(0), part.cast("double").divide(whole)).otherwise(0.0);
    }
}
