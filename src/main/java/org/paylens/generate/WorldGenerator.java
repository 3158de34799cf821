package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.SchemeSpec;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * Simulates consumers and their purchases in Spark. Each value is drawn from {@link Randomness} keyed by the
 * entity it belongs to (consumer, consumer-day, transaction), so the world is the same on one core or many.
 */
public final class WorldGenerator {
    /** At most this many purchases per consumer-day; it also bounds the transaction id arithmetic. */
    static final int MAX_PURCHASES_PER_DAY = 63;
    private static final double TICKET_SIGMA = 0.6;
    private static final int MIN_TICKET_YEN = 10;
    /** A basket holds one item per this many yen of its amount, at least one and at most {@link #MAX_ITEMS}. */
    private static final int YEN_PER_ITEM = 400;
    private static final int MAX_ITEMS = 20;
    private static final int OPENING_SECOND = 7 * 3600;
    private static final int OPEN_SECONDS = 16 * 3600;
    private static final long JST_OFFSET_SECONDS = 9 * 3600;
    private static final long CONSUMERS_PER_PARTITION = 20_000;

    private final SparkSession spark;
    private final Scenario scenario;
    private final Randomness random;

    public WorldGenerator(SparkSession spark, Scenario scenario) {
        this.spark = spark;
        this.scenario = scenario;
        this.random = new Randomness(scenario.seed());
    }

    public World generate() {
        Dataset<Row> consumers = consumers();
        Dataset<Row> transactions = transactions(consumers);
        return new World(consumers, transactions, basketItems(transactions));
    }

    private Dataset<Row> consumers() {
        long count = scenario.population().consumers();
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), count / CONSUMERS_PER_PARTITION);
        Column id = col("id");
        return spark.range(0, count, 1, partitions)
                .select(
                        id.as("consumer_id"),
                        Draws.weightedPick(random.uniform("bank", id), scenario.population().banks()).as("bank"),
                        random.uniform("card_holder", id).lt(scenario.population().cardHolderShare()).as("card_holder"));
    }

    private Dataset<Row> transactions(Dataset<Row> consumers) {
        int days = scenario.period().days();
        Column consumer = col("consumer_id");
        Column dayIndex = col("day_index");
        Dataset<Row> consumerDays = consumers
                .withColumn("day_index", explode(sequence(lit(0), lit(days - 1))))
                .withColumn("purchases", Draws.poisson(random.uniform("purchases", consumer, dayIndex),
                        scenario.population().purchasesPerDay(), MAX_PURCHASES_PER_DAY));
        Dataset<Row> purchases = consumerDays
                .filter(col("purchases").gt(0))
                .withColumn("n", explode(sequence(lit(0), col("purchases").minus(1))))
                // Unique and stable: the consumer-day's position in (consumer, day) order, then the purchase number.
                .withColumn("txn_id", consumer.multiply((long) days).plus(dayIndex)
                        .multiply((long) MAX_PURCHASES_PER_DAY + 1).plus(col("n")))
                .withColumn("local_date", date_add(lit(Date.valueOf(scenario.period().start())), dayIndex));
        Column txn = col("txn_id");
        Dataset<Row> placed = purchases
                .withColumn("chain", chainPick(random.uniform("chain", txn)))
                .withColumn("store_no", floor(random.uniform("store", txn).multiply(storesOf(col("chain")))))
                .withColumn("merchant_id", concat(col("chain"), lit("-"), lpad(col("store_no").cast("string"), 5, "0")))
                .withColumn("second_of_day", floor(random.uniform("time", txn).multiply(OPEN_SECONDS)).plus(OPENING_SECOND))
                .withColumn("ts", timestamp_seconds(datediff(col("local_date"), lit(Date.valueOf("1970-01-01")))
                        .cast("long").multiply(86_400L).minus(JST_OFFSET_SECONDS).plus(col("second_of_day"))))
                .withColumn("amount_yen", greatest(lit((long) MIN_TICKET_YEN), round(meanTicketOf(col("chain"))
                        .multiply(exp(random.normal("amount", txn).multiply(TICKET_SIGMA)
                                .minus(TICKET_SIGMA * TICKET_SIGMA / 2)))).cast("long")))
                .withColumn("scheme", schemePick(txn))
                .withColumn("item_count", least(lit(MAX_ITEMS), greatest(lit(1),
                        floor(col("amount_yen").divide(YEN_PER_ITEM)).cast("int"))))
                .withColumn("fault", when(random.uniform("fault", txn).lt(scenario.faults().rate()), lit("malformed"))
                        .otherwise(lit(null).cast("string")));
        return placed.select("txn_id", "consumer_id", "bank", "card_holder", "local_date", "ts", "merchant_id",
                "chain", "amount_yen", "scheme", "item_count", "fault");
    }

    /** Items split the amount exactly: item i costs floor(a·i/n) − floor(a·(i−1)/n). */
    private Dataset<Row> basketItems(Dataset<Row> transactions) {
        Column amount = col("amount_yen");
        Column n = col("item_count");
        Column item = col("item_no");
        return transactions
                .select(col("txn_id"), col("chain"), amount, n, explode(sequence(lit(1), n)).as("item_no"))
                .select(col("txn_id"), item,
                        categoryOf(col("chain")).as("category"),
                        floor(amount.multiply(item).divide(n)).minus(floor(amount.multiply(item.minus(1)).divide(n)))
                                .cast("long").as("price_yen"));
    }

    private Column chainPick(Column u) {
        Map<String, Double> shares = new LinkedHashMap<>();
        scenario.chains().forEach((id, chain) -> shares.put(id, chain.visitShare()));
        return Draws.weightedPick(u, shares);
    }

    private Column storesOf(Column chain) {
        return byChain(chain, c -> lit(c.stores()));
    }

    private Column meanTicketOf(Column chain) {
        return byChain(chain, c -> lit(c.meanTicket().doubleValue()));
    }

    private Column categoryOf(Column chain) {
        return byChain(chain, c -> lit(c.category()));
    }

    private Column byChain(Column chain, java.util.function.Function<ChainSpec, Column> value) {
        Column result = null;
        for (Map.Entry<String, ChainSpec> entry : scenario.chains().entrySet()) {
            Column condition = chain.equalTo(entry.getKey());
            Column v = value.apply(entry.getValue());
            result = result == null ? when(condition, v) : result.when(condition, v);
        }
        return result;
    }

    /**
     * The scheme used: among those live on the day, accepted at the chain and held by the consumer, one drawn in
     * proportion to the schemes' weights. A scheme that shuts down stops being usable, so its users move to the
     * others they hold.
     */
    private Column schemePick(Column txn) {
        List<String> ids = new ArrayList<>();
        List<Column> weights = new ArrayList<>();
        Column consumer = col("consumer_id");
        Column day = col("local_date");
        scenario.schemes().forEach((id, scheme) -> {
            Column usable = held(id, scheme, consumer).and(live(scheme, day)).and(accepted(scheme, col("chain")));
            ids.add(id);
            weights.add(when(usable, lit(scheme.weight())).otherwise(lit(0.0)));
        });
        return Draws.weightedPick(random.uniform("scheme", txn), ids, weights);
    }

    private Column held(String id, SchemeSpec scheme, Column consumer) {
        Column adopted = random.uniform("adopt:" + id, consumer).lt(scheme.adoption());
        return scheme.kind() == SchemeKind.CARD ? adopted.and(col("card_holder")) : adopted;
    }

    private static Column live(SchemeSpec scheme, Column day) {
        Column live = lit(true);
        if (scheme.launch() != null) {
            live = live.and(day.geq(lit(Date.valueOf(scheme.launch()))));
        }
        if (scheme.shutdown() != null) {
            live = live.and(day.leq(lit(Date.valueOf(scheme.shutdown()))));
        }
        return live;
    }

    private static Column accepted(SchemeSpec scheme, Column chain) {
        return scheme.acceptedAt().isEmpty() ? lit(true) : chain.isin(scheme.acceptedAt().toArray());
    }
}
