package org.paylens.measure;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * What one operator or alliance holds, over the whole period or one month (docs/metrics.md).
 *
 * @param id                     operator or alliance id
 * @param name                   display name
 * @param kind                   the operator's kind, or "alliance"
 * @param members                an alliance's members; null for an operator
 * @param linkedSpendYen         yen of purchases it sees the amount of, linked to a consumer
 * @param linkedTxns             purchases it sees linked to a consumer
 * @param linkedItems            basket items it sees at item level, linked to a consumer
 * @param seenSpendYen           yen of purchases it sees the amount of, linked or not
 * @param spendCoverage          linkedSpendYen ÷ all spend
 * @param txnCoverage            linkedTxns ÷ all purchases
 * @param itemCoverage           linkedItems ÷ all basket items
 * @param seenSpendCoverage      seenSpendYen ÷ all spend (what it sees at all, even without knowing who)
 * @param spendShare             an operator's share of all linked yen held by any operator; null for an alliance
 * @param itemShare              an operator's share of all linked items held by any operator; null for an alliance
 * @param consumerReach          consumers it has a linked purchase of ÷ all consumers
 * @param profileDepthMedian     median over reached consumers of the share of their spend it holds under one profile
 * @param profileDepthP90        the 90th percentile of the same
 * @param shareConsumersOverHalf share of reached consumers of whom it holds more than half the spend
 * @param profileFidelity        1 − total variation distance between its view of a consumer's spending by category
 *                               and the truth, averaged over reached consumers
 * @param unicity                ε_p at the first coarsening of measures.unicity, keyed p1 … p8, within the period
 * @param spendMerger            an alliance scored like a merger on linked yen; null for an operator
 * @param itemsMerger            the same on linked items
 * @param basketSpendCoverage    the part of spendCoverage where it also sees the basket, item by item
 * @param seenBasketSpendCoverage the part of seenSpendCoverage where it also sees the basket
 * @param profileDepth           how profile depth is spread over reached consumers; whole period only
 * @param unicityByCoarsening    ε_p at every coarsening of measures.unicity, keyed by its label; whole period only
 * @param categoryCoverage       per merchandise category, the share of the category's yen (item prices) it sees
 *                               linked; whole period only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityMetrics(String id, String name, String kind, List<String> members, long linkedSpendYen,
                            long linkedTxns, long linkedItems, long seenSpendYen, double spendCoverage,
                            double txnCoverage, double itemCoverage, double seenSpendCoverage, Double spendShare,
                            Double itemShare, double consumerReach, double profileDepthMedian,
                            double profileDepthP90, double shareConsumersOverHalf, double profileFidelity,
                            Map<String, Double> unicity, MergerScore spendMerger, MergerScore itemsMerger,
                            double basketSpendCoverage, double seenBasketSpendCoverage, DepthDistribution profileDepth,
                            Map<String, Map<String, Double>> unicityByCoarsening, Map<String, Double> categoryCoverage) {

    /**
     * Profile depth over the reached consumers.
     *
     * @param quantiles   the 5th, 25th, 50th, 75th and 95th percentiles
     * @param consumers   reached consumers per bin of width 1/20 ([0, 0.05), …, [0.95, 1])
     * @param depthSums   the sum of their depths per bin, for a Lorenz curve that is exact at the bin edges
     */
    public record DepthDistribution(List<Double> quantiles, List<Long> consumers, List<Double> depthSums) {
    }
}
