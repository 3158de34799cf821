package org.paylens.generate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ground truth of a simulated world, as lazy Spark plans.
 *
 * @param consumers    one row per consumer: consumer_id, bank, card_holder
 * @param transactions one row per purchase, with the global consumer id and everything each operator would log
 * @param basketItems  one row per item bought: txn_id, item_no, category, price_yen
 */
public record World(Dataset<Row> consumers, Dataset<Row> transactions, Dataset<Row> basketItems) {
}
