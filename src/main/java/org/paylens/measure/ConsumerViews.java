package org.paylens.measure;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.generate.Randomness;

import static org.apache.spark.sql.functions.*;

/**
 * "Who sees this consumer": for a few consumers drawn by hash among those with at least {@link #MIN_PURCHASES}
 * purchases, each operator's share of that person's spend it sees, linked to them or not. Uses the truth's
 * consumer ids, so it is an evaluation view, as the report says.
 */
public final class ConsumerViews {
    /** Consumers with fewer purchases make a thin picture. */
    static final int MIN_PURCHASES = 10;

    private ConsumerViews() {
    }

    /**
     * @param holdings    {@link Holdings#of}
     * @param purchases   canonical transactions: txn_id, amount_yen
     * @param truthOwners txn_id, consumer_id
     * @return consumer_id, consumer_yen, purchases, entity, linked_yen, seen_yen (operators only, each seeing some of
     *         the consumer's spend)
     */
    public static Dataset<Row> of(Dataset<Row> holdings, Dataset<Row> purchases, Dataset<Row> truthOwners, long seed,
                                  int consumers) {
        Randomness random = new Randomness(seed);
        Dataset<Row> owned = purchases.select("txn_id", "amount_yen").join(truthOwners, "txn_id");
        Dataset<Row> chosen = owned.groupBy("consumer_id").agg(sum("amount_yen").as("consumer_yen"), count(lit(1)).as("purchases"))
                .filter(col("purchases").geq(MIN_PURCHASES))
                .withColumn("order", random.hash("report-consumer", col("consumer_id")))
                .orderBy(col("order"), col("consumer_id")).limit(consumers);
        return holdings.filter(col("entity_kind").equalTo(Holdings.OPERATOR).and(col("sees_amount")))
                .join(truthOwners, "txn_id")
                .join(broadcast(chosen), "consumer_id")
                .groupBy("order", "consumer_id", "consumer_yen", "purchases", "entity")
                .agg(sum(when(col("linked"), col("amount_yen")).otherwise(0L)).as("linked_yen"),
                        sum("amount_yen").as("seen_yen"))
                .orderBy("order", "consumer_id", "entity")
                .drop("order");
    }
}
