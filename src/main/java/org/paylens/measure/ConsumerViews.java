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
     * @param held {@link ConsumerHoldings}
     * @return consumer_id, consumer_yen, purchases, entity, linked_yen, seen_yen (operators only, each seeing some of
     *         the consumer's spend)
     */
    public static Dataset<Row> of(ConsumerHoldings held, long seed, int consumers) {
        Randomness random = new Randomness(seed);
        Dataset<Row> chosen = held.byConsumer().filter(col("period").equalTo(ProfileMeasures.ALL))
                .select(col("consumer_id"), col("consumer_spend").as("consumer_yen"), col("consumer_txns").as("purchases"))
                .filter(col("purchases").geq(MIN_PURCHASES))
                .withColumn("order", random.hash("report-consumer", col("consumer_id")))
                .orderBy(col("order"), col("consumer_id")).limit(consumers);
        return held.byProfile().filter(col("period").equalTo(ProfileMeasures.ALL)
                        .and(col("entity_kind").equalTo(Holdings.OPERATOR)))
                .join(broadcast(chosen), "consumer_id")
                .groupBy("order", "consumer_id", "consumer_yen", "purchases", "entity")
                .agg(sum("linked_spend_yen").as("linked_yen"), sum("seen_spend_yen").as("seen_yen"))
                .filter(col("seen_yen").gt(0))
                .orderBy("order", "consumer_id", "entity")
                .drop("order");
    }
}
