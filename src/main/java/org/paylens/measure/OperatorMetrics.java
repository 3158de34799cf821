package org.paylens.measure;

/**
 * What one operator sees over the whole period.
 *
 * @param linkedSpendYen  yen of purchases it sees the amount of, linked to a consumer
 * @param linkedTxns      purchases it sees linked to a consumer
 * @param linkedItems     basket items it sees at item level, linked to a consumer
 * @param seenSpendYen    yen of purchases it sees the amount of, linked or not
 * @param spendCoverage   linkedSpendYen ÷ all spend
 * @param txnCoverage     linkedTxns ÷ all purchases
 * @param itemCoverage    linkedItems ÷ all basket items
 * @param seenSpendCoverage seenSpendYen ÷ all spend (what it sees at all, even without knowing who)
 * @param spendShare      its share of all linked yen held by any operator
 */
public record OperatorMetrics(String id, String name, String kind, long linkedSpendYen, long linkedTxns,
                              long linkedItems, long seenSpendYen, double spendCoverage, double txnCoverage,
                              double itemCoverage, double seenSpendCoverage, double spendShare) {
}
