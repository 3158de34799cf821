package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.*;

/**
 * Every measure that sums a consumer's purchases: coverage, reach, profile depth and fidelity (metrics/profiles),
 * category coverage and "who sees this consumer", in one Spark job of three steps in plain Java, each over rows
 * sorted by its key:
 * <ol>
 *     <li>{@link PurchaseFacts}, by purchase: the truth's owner, the basket and every holding of a purchase meet, and
 *     leave keyed by the owner;</li>
 *     <li>{@link ConsumerSums}, by consumer: what each entity holds of the consumer, per profile and period, against
 *     what they bought (their depth and fidelity with the entity);</li>
 *     <li>{@link EntityDepths}, by (entity, period): the sums and the depth distribution over its consumers.</li>
 * </ol>
 * Sums that cross the keys (the categories' yen, the totals, the drawn consumers) travel beside the rows as a few
 * per task, and the driver adds them up. Evaluation only: the truth's consumer of each purchase tells which profiles
 * are one person's. docs/metrics.md defines the measures.
 *
 * @param profiles         rows of {@link #PROFILES}
 * @param categoryCoverage rows of {@link #CATEGORY_COVERAGE}
 * @param consumerViews    rows of {@link #CONSUMER_VIEWS}, in the report's order
 * @param purchases        the canonical purchases, their yen and their items
 */
public record ConsumerMeasures(List<Row> profiles, List<Row> categoryCoverage, List<Row> consumerViews,
                               Summary.Counts purchases) {
    /** Consumers with fewer purchases make a thin picture in "who sees this consumer". */
    static final int MIN_VIEW_PURCHASES = 10;

    public static final StructType PROFILES = schema("entity string, entity_kind string, period string, "
            + "linked_spend_yen long, linked_txns long, linked_items long, seen_spend_yen long, reached_consumers long, "
            + "spend_coverage double, seen_spend_coverage double, basket_spend_coverage double, "
            + "seen_basket_spend_coverage double, txn_coverage double, item_coverage double, consumer_reach double, "
            + "profile_depth_median double, profile_depth_p90 double, share_consumers_over_half double, "
            + "profile_fidelity double, profile_depth_quantiles array<double>, profile_depth_histogram array<long>, "
            + "profile_depth_histogram_sums array<double>");
    public static final StructType CATEGORY_COVERAGE = schema("entity string, entity_kind string, category string, "
            + "linked_yen long, category_yen long, share double");
    public static final StructType CONSUMER_VIEWS = schema("consumer_id long, consumer_yen long, purchases long, "
            + "entity string, linked_yen long, seen_yen long");

    /** Step 1's input: one row per source of a purchase; source is {@link PurchaseFacts#OWNER} … */
    static final StructType BY_PURCHASE = schema("txn_id long, source int, consumer_id long, month string, "
            + "amount_yen long, item_count long, category string, price_yen long, entity string, entity_kind string, "
            + "m_category string, sees_amount boolean, sees_merchant boolean, sees_basket boolean, linked boolean, "
            + "profile string");
    /**
     * Step 1's output, keyed by the owner: a {@link #FACT_ROW} per purchase (month, amount, items, basket yen by
     * category in categories/yens), a {@link #HOLDING_ROW} per entity holding it, and per task one
     * {@link #TASK_TOTALS_ROW} (no owner: the canonical purchases in txn_id, their yen and items, the basket yen by
     * category).
     */
    static final StructType BY_CONSUMER = schema("consumer_id long, record int, txn_id long, month string, "
            + "amount_yen long, item_count long, categories array<string>, yens array<long>, entity string, "
            + "entity_kind string, m_category string, sees_amount boolean, sees_merchant boolean, sees_basket boolean, "
            + "linked boolean, profile string");
    static final int FACT_ROW = 0;
    static final int HOLDING_ROW = 1;
    static final int TASK_TOTALS_ROW = 2;

    /**
     * Step 2's output: a {@link #CONSUMER_ROW} per (entity, period, consumer) with the holdings' counts (c0 … c5 as
     * {@link #COUNTS}), whether a profile reaches them, whether they are in the depth measures, their depth and
     * fidelity; and per task the partial sums that cross consumers, one record each.
     */
    static final StructType PER_CONSUMER = schema("record int, entity string, entity_kind string, period string, "
            + "consumer_id long, label string, c0 long, c1 long, c2 long, c3 long, c4 long, c5 long, draw long, "
            + "reached boolean, in_depth boolean, depth double, fidelity double");
    /** (entity, period, consumer): c0 … c5 are the {@link #COUNTS}. */
    static final int CONSUMER_ROW = 0;
    /** (entity, category): c0 is the yen of the category's items in linked purchases whose amount it sees. */
    static final int CATEGORY_LINKED = 1;
    /** category: c0 is the yen of its canonical basket items. */
    static final int CATEGORY_TOTAL = 2;
    /** period: c0, c1, c2 are the owned canonical purchases' yen, count and items. */
    static final int PERIOD_TOTALS = 3;
    /** c0, c1, c2: every canonical purchase's yen, count and items. */
    static final int PURCHASE_TOTALS = 4;
    /** A consumer "who sees this consumer" could show: draw (their place in the draw), c0 their yen, c1 their purchases. */
    static final int VIEW_CONSUMER = 5;
    /** An operator's view of such a consumer: c0 the yen it holds linked, c1 the yen whose amount it sees. */
    static final int VIEW_OPERATOR = 6;
    /** Step 3's output: {@link #PER_CONSUMER}'s first 13 columns, then the measures of an (entity, period). */
    static final StructType BY_ENTITY = schema(String.join(", ", java.util.Arrays.stream(PER_CONSUMER.fields())
            .limit(13).map(f -> f.name() + " " + f.dataType().sql()).toList())
            + ", reached long, median double, p90 double, share_over_half double, fidelity double, "
            + "quantiles array<double>, histogram array<long>, histogram_sums array<double>");
    /** The holdings' counts a {@link #CONSUMER_ROW} carries, in c0 … c5. */
    static final List<String> COUNTS = List.of("linked_spend_yen", "linked_txns", "linked_items", "seen_spend_yen",
            "linked_basket_spend_yen", "seen_basket_spend_yen");
    static final int COUNT_COLUMN = 6;
    static final int DRAW_COLUMN = 12;

    /**
     * @param holdings    {@link Holdings#of}
     * @param purchases   canonical transactions: txn_id, month, amount_yen, item_count
     * @param truthOwners txn_id, consumer_id (the truth; evaluation only)
     * @param basketItems canonical basket items: txn_id, category, price_yen
     * @param merchants   the merchant registry: merchant_id, category (the merchant's main category)
     * @param consumers   how many consumers the world has
     * @param seed        the scenario's seed, which draws the consumers of "who sees this consumer"
     * @param views       how many consumers "who sees this consumer" shows
     */
    public static ConsumerMeasures of(Dataset<Row> holdings, Dataset<Row> purchases, Dataset<Row> truthOwners,
                                      Dataset<Row> basketItems, Dataset<Row> merchants, long consumers, long seed, int views) {
        Dataset<Row> held = holdings.join(broadcast(merchants.select(col("merchant_id").as("m_id"),
                col("category").as("m_category"))), col("merchant_id").equalTo(col("m_id")), "left");
        Dataset<Row> byPurchase = source(truthOwners, PurchaseFacts.OWNER)
                .unionAll(source(basketItems, PurchaseFacts.BASKET_ITEM))
                .unionAll(source(purchases, PurchaseFacts.PURCHASE))
                .unionAll(source(held, PurchaseFacts.HOLDING));
        List<Row> rows = byPurchase.repartition(col("txn_id")).sortWithinPartitions("txn_id", "source")
                .mapPartitions(new PurchaseFacts(), Encoders.row(BY_CONSUMER))
                .repartition(col("consumer_id")).sortWithinPartitions("consumer_id", "record", "txn_id")
                .mapPartitions(new ConsumerSums(seed, views), Encoders.row(PER_CONSUMER))
                .repartition(col("entity"), col("entity_kind"), col("period"))
                .sortWithinPartitions("record", "entity", "entity_kind", "period")
                .mapPartitions(new EntityDepths(), Encoders.row(BY_ENTITY))
                .collectAsList();
        return assemble(rows, consumers, views);
    }

    /** A source's columns as {@link #BY_PURCHASE}'s, null where it has none. */
    private static Dataset<Row> source(Dataset<Row> table, int source) {
        List<String> present = List.of(table.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField field : BY_PURCHASE.fields()) {
            Column value = field.name().equals("source") ? lit(source)
                    : present.contains(field.name()) ? col(field.name()) : lit(null);
            columns.add(value.cast(field.dataType()).as(field.name()));
        }
        return table.select(columns.toArray(Column[]::new));
    }

    /** The tables from step 3's rows and the partial sums beside them. */
    private static ConsumerMeasures assemble(List<Row> rows, long consumers, int views) {
        Map<String, long[]> periodTotals = new TreeMap<>();
        Map<String, Long> categoryYen = new TreeMap<>();
        Map<List<String>, Long> categoryLinked = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        long[] purchases = new long[3];
        List<Row> entities = new ArrayList<>();
        List<Row> drawn = new ArrayList<>();
        Map<Long, List<Row>> operatorViews = new TreeMap<>();
        for (Row row : rows) {
            switch (row.getInt(0)) {
                case CONSUMER_ROW -> entities.add(row);
                case CATEGORY_LINKED -> categoryLinked.merge(List.of(row.getString(1), row.getString(2), row.getString(5)),
                        count(row, 0), Long::sum);
                case CATEGORY_TOTAL -> categoryYen.merge(row.getString(5), count(row, 0), Long::sum);
                case PERIOD_TOTALS -> add(periodTotals.computeIfAbsent(row.getString(3), p -> new long[3]), row);
                case PURCHASE_TOTALS -> add(purchases, row);
                case VIEW_CONSUMER -> drawn.add(row);
                case VIEW_OPERATOR -> operatorViews.computeIfAbsent(row.getLong(4), c -> new ArrayList<>()).add(row);
                default -> throw new IllegalStateException("unknown record " + row.getInt(0));
            }
        }

        List<Row> profiles = new ArrayList<>();
        for (Row row : entities) {
            long[] totals = periodTotals.get(row.getString(3));
            if (totals == null) {
                continue; // a month in which no owned purchase was canonical has no totals to cover
            }
            profiles.add(row(PROFILES, row.get(1), row.get(2), row.get(3), count(row, 0), count(row, 1), count(row, 2),
                    count(row, 3), row.get(13), ratio(count(row, 0), totals[0]), ratio(count(row, 3), totals[0]),
                    ratio(count(row, 4), totals[0]), ratio(count(row, 5), totals[0]), ratio(count(row, 1), totals[1]),
                    ratio(count(row, 2), totals[2]), ratio(row.getLong(13), consumers), orZero(row, 14), orZero(row, 15),
                    orZero(row, 16), orZero(row, 17), row.get(18), row.get(19), row.get(20)));
        }
        profiles.sort(Comparator.comparing((Row r) -> r.getString(1)).thenComparing(r -> r.getString(0))
                .thenComparing(r -> r.getString(2)));

        List<Row> categoryCoverage = new ArrayList<>();
        categoryLinked.forEach((key, linked) -> {
            long total = categoryYen.get(key.get(2));
            if (linked > 0) {
                categoryCoverage.add(row(CATEGORY_COVERAGE, key.get(0), key.get(1), key.get(2), linked, total,
                        linked / (double) total));
            }
        });

        drawn.sort(Comparator.comparingLong((Row r) -> r.getLong(DRAW_COLUMN)).thenComparingLong(r -> r.getLong(4)));
        List<Row> consumerViews = new ArrayList<>();
        for (Row consumer : drawn.subList(0, Math.min(views, drawn.size()))) {
            List<Row> seen = new ArrayList<>(operatorViews.getOrDefault(consumer.getLong(4), List.of()));
            seen.sort(Comparator.comparing((Row r) -> r.getString(1)));
            for (Row operator : seen) {
                if (count(operator, 1) > 0) {
                    consumerViews.add(row(CONSUMER_VIEWS, consumer.getLong(4), count(consumer, 0), count(consumer, 1),
                            operator.getString(1), count(operator, 0), count(operator, 1)));
                }
            }
        }
        return new ConsumerMeasures(profiles, categoryCoverage, consumerViews,
                new Summary.Counts(consumers, purchases[1], purchases[2], purchases[0]));
    }

    private static long count(Row row, int c) {
        return row.getLong(COUNT_COLUMN + c);
    }

    private static void add(long[] sums, Row row) {
        for (int c = 0; c < sums.length; c++) {
            sums[c] += count(row, c);
        }
    }

    private static double ratio(long part, long whole) {
        return whole > 0 ? part / (double) whole : 0.0;
    }

    /** A depth measure, 0 for an entity with no consumers in depth. */
    private static double orZero(Row row, int column) {
        return row.isNullAt(column) ? 0.0 : row.getDouble(column);
    }

    /** A row that knows its columns' names, as the measures read them. */
    private static Row row(StructType schema, Object... values) {
        return new GenericRowWithSchema(values, schema);
    }

    private static StructType schema(String ddl) {
        return StructType.fromDDL(ddl);
    }
}
