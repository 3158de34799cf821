package org.paylens.measure;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.unsafe.types.UTF8String;
import org.paylens.generate.Randomness;
import org.paylens.pipeline.QueuedIterator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-consumer measures' second step, in one task per share of the consumers: each consumer's purchases arrive
 * together, their facts first, then every entity's holding of them. What each entity holds of the consumer is summed
 * per profile and period; the profile holding most of their yen (the first by name, in Spark's byte order, on a tie:
 * an alliance may hold several that its members could not tie together, and knows each apart) gives their profile
 * depth (its yen over all they spent) and its fidelity (1 − the total variation distance between its view of their
 * spending by category and the truth's). One row leaves per (entity, period, consumer), with the counts summed over
 * all the entity's profiles of them; the sums that cross consumers leave as a few rows at the end of the task.
 * <p>
 * In: {@link ConsumerMeasures#BY_CONSUMER}, sorted by consumer_id, record, txn_id. Out:
 * {@link ConsumerMeasures#PER_CONSUMER}.
 */
final class ConsumerSums implements MapPartitionsFunction<Row, Row> {
    private static final String DRAW_PURPOSE = "report-consumer";
    // In: BY_CONSUMER's columns.
    private static final int CONSUMER = 0;
    private static final int RECORD = 1;
    private static final int TXN = 2;
    private static final int MONTH = 3;
    private static final int AMOUNT = 4;
    private static final int ITEMS = 5;
    private static final int ENTITY = 8;
    private static final int ENTITY_KIND = 9;
    private static final int M_CATEGORY = 10;
    private static final int SEES_AMOUNT = 11;
    private static final int SEES_MERCHANT = 12;
    private static final int SEES_BASKET = 13;
    private static final int LINKED = 14;
    private static final int PROFILE = 15;

    private final long seed;
    private final int views;

    /**
     * @param seed  the scenario's seed, which orders the consumers "who sees this consumer" may show
     * @param views how many of them it shows: each task keeps its first so many
     */
    ConsumerSums(long seed, int views) {
        this.seed = seed;
        this.views = views;
    }

    /** A consumer's purchases in a period: their yen, count, items and basket yen by category. */
    private static final class Truth {
        long spend;
        long txns;
        long items;
        final Map<String, Long> categories = new HashMap<>();
    }

    /** What an entity holds of a consumer under one profile in one period. */
    private static final class Held {
        final long[] counts = new long[ConsumerMeasures.COUNTS.size()];
        /** The yen it knows the category of (or {@link ProfileMeasures#UNSEEN}), in linked purchases whose amount it sees. */
        final Map<String, Long> view = new HashMap<>();
    }

    private record ProfileKey(String entity, String kind, String period, String profile) {
    }

    private record EntityKey(String entity, String kind, String period) {
    }

    private record Drawn(long draw, long consumer) implements Comparable<Drawn> {
        @Override
        public int compareTo(Drawn other) {
            int byDraw = Long.compare(draw, other.draw);
            return byDraw != 0 ? byDraw : Long.compare(consumer, other.consumer);
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        Randomness random = new Randomness(seed);
        return new QueuedIterator<Row, Row>(sorted) {
            // The consumer being read.
            private boolean started;
            private long consumer;
            private final Map<Long, Map<String, Long>> baskets = new HashMap<>();
            private final Map<String, Truth> truths = new HashMap<>();
            private final Map<ProfileKey, Held> held = new HashMap<>();
            // The task's sums across consumers.
            private final Map<List<String>, Long> categoryLinked = new HashMap<>();
            private final Map<String, Long> categoryTotals = new TreeMap<>();
            private final Map<String, long[]> periodTotals = new TreeMap<>();
            private final long[] purchaseTotals = new long[3];
            private boolean sawPurchaseTotals;
            private final TreeMap<Drawn, List<Row>> drawn = new TreeMap<>();

            @Override
            protected void end() {
                flushConsumer();
                taskSums();
            }

            @Override
            protected void accept(Row row) {
                int record = row.getInt(RECORD);
                if (record == ConsumerMeasures.TASK_TOTALS_ROW) {
                    PurchaseFacts.basket(row).forEach((category, yen) -> categoryTotals.merge(category, yen, Long::sum));
                    purchaseTotals[0] += row.getLong(AMOUNT);
                    purchaseTotals[1] += row.getLong(TXN);
                    purchaseTotals[2] += row.getLong(ITEMS);
                    sawPurchaseTotals = true;
                    return;
                }
                long id = row.getLong(CONSUMER);
                if (!started || id != consumer) {
                    flushConsumer();
                    started = true;
                    consumer = id;
                }
                if (record == ConsumerMeasures.FACT_ROW) {
                    Map<String, Long> basket = PurchaseFacts.basket(row);
                    baskets.put(row.getLong(TXN), basket);
                    if (!row.isNullAt(MONTH)) {
                        for (String period : List.of(ProfileMeasures.ALL, row.getString(MONTH))) {
                            Truth truth = truths.computeIfAbsent(period, p -> new Truth());
                            truth.spend += orZero(row, AMOUNT);
                            truth.txns++;
                            truth.items += orZero(row, ITEMS);
                            basket.forEach((category, yen) -> truth.categories.merge(category, yen, Long::sum));
                        }
                    }
                } else {
                    hold(row, baskets.get(row.getLong(TXN)));
                }
            }

            private void hold(Row row, Map<String, Long> basket) {
                boolean linked = row.getBoolean(LINKED);
                boolean seesAmount = row.getBoolean(SEES_AMOUNT);
                boolean seesBasket = row.getBoolean(SEES_BASKET);
                boolean linkedSeen = linked && seesAmount;
                long amount = orZero(row, AMOUNT);
                String entity = row.getString(ENTITY);
                String kind = row.getString(ENTITY_KIND);
                if (linkedSeen && basket != null) {
                    basket.forEach((category, yen) -> categoryLinked.merge(List.of(entity, kind, category), yen, Long::sum));
                }
                for (String period : List.of(ProfileMeasures.ALL, row.getString(MONTH))) {
                    Held h = held.computeIfAbsent(new ProfileKey(entity, kind, period, row.getString(PROFILE)), k -> new Held());
                    h.counts[0] += linkedSeen ? amount : 0;
                    h.counts[1] += linked ? 1 : 0;
                    h.counts[2] += linked && seesBasket ? orZero(row, ITEMS) : 0;
                    h.counts[3] += seesAmount ? amount : 0;
                    h.counts[4] += linkedSeen && seesBasket ? amount : 0;
                    h.counts[5] += seesAmount && seesBasket ? amount : 0;
                    // The view: the items' categories where it sees the basket, the merchant's main category where
                    // it sees only the merchant, unseen where it sees only the amount.
                    if (linkedSeen) {
                        if (seesBasket) {
                            if (basket != null) {
                                basket.forEach((category, yen) -> h.view.merge(category, yen, Long::sum));
                            }
                        } else if (row.getBoolean(SEES_MERCHANT)) {
                            if (!row.isNullAt(M_CATEGORY)) {
                                h.view.merge(row.getString(M_CATEGORY), amount, Long::sum);
                            }
                        } else {
                            h.view.merge(ProfileMeasures.UNSEEN, amount, Long::sum);
                        }
                    }
                }
            }

            /** The consumer's rows, and their part of the task's sums. */
            private void flushConsumer() {
                if (!started) {
                    return;
                }
                Map<EntityKey, long[]> counts = new TreeMap<>(java.util.Comparator.comparing(EntityKey::entity)
                        .thenComparing(EntityKey::kind).thenComparing(EntityKey::period));
                Map<EntityKey, Map.Entry<String, Held>> best = new HashMap<>();
                held.forEach((key, h) -> {
                    EntityKey group = new EntityKey(key.entity(), key.kind(), key.period());
                    long[] sums = counts.computeIfAbsent(group, g -> new long[h.counts.length]);
                    for (int c = 0; c < sums.length; c++) {
                        sums[c] += h.counts[c];
                    }
                    if (key.profile() != null) {
                        Map.Entry<String, Held> current = best.get(group);
                        if (current == null || better(key.profile(), h, current.getKey(), current.getValue())) {
                            best.put(group, Map.entry(key.profile(), h));
                        }
                    }
                });
                Truth whole = truths.get(ProfileMeasures.ALL);
                List<Row> operatorViews = new ArrayList<>();
                counts.forEach((group, sums) -> {
                    Map.Entry<String, Held> profile = best.get(group);
                    Truth truth = truths.get(group.period());
                    boolean inDepth = profile != null && truth != null;
                    Double depth = null;
                    Double fidelity = null;
                    if (inDepth) {
                        depth = truth.spend > 0 ? profile.getValue().counts[0] / (double) truth.spend : 0.0;
                        fidelity = fidelity(profile.getValue().view, truth.categories);
                    }
                    emit(row(ConsumerMeasures.CONSUMER_ROW, group.entity(), group.kind(), group.period(), consumer,
                            null, sums, null, profile != null, inDepth, depth, fidelity));
                    if (group.kind().equals(Holdings.OPERATOR) && group.period().equals(ProfileMeasures.ALL)) {
                        operatorViews.add(row(ConsumerMeasures.VIEW_OPERATOR, group.entity(), group.kind(), group.period(),
                                consumer, null, new long[]{sums[0], sums[3]}, null, null, null, null, null));
                    }
                });
                truths.forEach((period, truth) -> {
                    long[] totals = periodTotals.computeIfAbsent(period, p -> new long[3]);
                    totals[0] += truth.spend;
                    totals[1] += truth.txns;
                    totals[2] += truth.items;
                });
                if (views > 0 && whole != null && whole.txns >= ConsumerMeasures.MIN_VIEW_PURCHASES) {
                    Drawn candidate = new Drawn(random.hash(DRAW_PURPOSE, consumer), consumer);
                    if (drawn.size() < views || candidate.compareTo(drawn.lastKey()) < 0) {
                        List<Row> rows = new ArrayList<>();
                        rows.add(row(ConsumerMeasures.VIEW_CONSUMER, null, null, ProfileMeasures.ALL, consumer, null,
                                new long[]{whole.spend, whole.txns}, candidate.draw(), null, null, null, null));
                        rows.addAll(operatorViews);
                        drawn.put(candidate, rows);
                        if (drawn.size() > views) {
                            drawn.pollLastEntry();
                        }
                    }
                }
                baskets.clear();
                truths.clear();
                held.clear();
            }

            private void taskSums() {
                categoryLinked.forEach((key, yen) -> emit(row(ConsumerMeasures.CATEGORY_LINKED, key.get(0), key.get(1),
                        ProfileMeasures.ALL, null, key.get(2), new long[]{yen}, null, null, null, null, null)));
                categoryTotals.forEach((category, yen) -> emit(row(ConsumerMeasures.CATEGORY_TOTAL, null, null, null,
                        null, category, new long[]{yen}, null, null, null, null, null)));
                periodTotals.forEach((period, totals) -> emit(row(ConsumerMeasures.PERIOD_TOTALS, null, null, period,
                        null, null, totals, null, null, null, null, null)));
                if (sawPurchaseTotals) {
                    emit(row(ConsumerMeasures.PURCHASE_TOTALS, null, null, null, null, null, purchaseTotals, null,
                            null, null, null, null));
                }
                drawn.values().forEach(rows -> rows.forEach(this::emit));
            }
        };
    }

    /** Whether profile a holds more of the consumer's yen than b, or as much and comes first in Spark's string order. */
    private static boolean better(String a, Held heldA, String b, Held heldB) {
        if (heldA.counts[0] != heldB.counts[0]) {
            return heldA.counts[0] > heldB.counts[0];
        }
        return UTF8String.fromString(a).compareTo(UTF8String.fromString(b)) < 0;
    }

    /**
     * 1 − the total variation distance between a view of the consumer's yen by category and the truth's; 0 when the
     * view holds none of their yen. The distances are added category by category in name order, unseen last, as
     * docs/metrics.md gives them.
     */
    static double fidelity(Map<String, Long> view, Map<String, Long> truth) {
        long viewTotal = view.values().stream().mapToLong(Long::longValue).sum();
        if (viewTotal <= 0) {
            return 0.0;
        }
        long truthTotal = truth.values().stream().mapToLong(Long::longValue).sum();
        TreeSet<String> categories = new TreeSet<>(view.keySet());
        categories.addAll(truth.keySet());
        categories.remove(ProfileMeasures.UNSEEN);
        List<String> ordered = new ArrayList<>(categories);
        ordered.add(ProfileMeasures.UNSEEN);
        double distance = 0.0;
        for (String category : ordered) {
            double viewShare = view.getOrDefault(category, 0L) / (double) viewTotal;
            double truthShare = truthTotal > 0 ? truth.getOrDefault(category, 0L) / (double) truthTotal : 0.0;
            distance += Math.abs(viewShare - truthShare);
        }
        return 1.0 - distance / 2;
    }

    private static long orZero(Row row, int column) {
        return row.isNullAt(column) ? 0L : row.getLong(column);
    }

    /** A {@link ConsumerMeasures#PER_CONSUMER} row; counts fill c0 on, the rest are 0. */
    private static Row row(int record, String entity, String kind, String period, Long consumer, String label, long[] counts,
                           Long draw, Boolean reached, Boolean inDepth, Double depth, Double fidelity) {
        Object[] values = new Object[ConsumerMeasures.PER_CONSUMER.size()];
        values[0] = record;
        values[1] = entity;
        values[2] = kind;
        values[3] = period;
        values[4] = consumer;
        values[5] = label;
        for (int c = 0; c < ConsumerMeasures.COUNTS.size(); c++) {
            values[ConsumerMeasures.COUNT_COLUMN + c] = c < counts.length ? counts[c] : 0L;
        }
        values[12] = draw;
        values[13] = reached;
        values[14] = inDepth;
        values[15] = depth;
        values[16] = fidelity;
        return RowFactory.create(values);
    }
}
