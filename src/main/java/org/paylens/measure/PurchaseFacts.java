package org.paylens.measure;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.paylens.pipeline.QueuedIterator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-consumer measures' first step, in one task per share of the purchases: each purchase's rows arrive
 * together, sorted by source (the truth's owner, its basket items, the canonical purchase, then each entity's
 * holding of it), and leave keyed by their owner: one fact row (the purchase's month, amount, items and basket yen by
 * category) and one row per holding. A holding of a purchase the truth has no owner of counts in no measure and is
 * dropped. At the end of the task, one row of its totals: the canonical purchases it saw, their yen and items, and
 * the yen of every basket item it saw by category.
 * <p>
 * In: {@link ConsumerMeasures#BY_PURCHASE}. Out: {@link ConsumerMeasures#BY_CONSUMER}.
 */
final class PurchaseFacts implements MapPartitionsFunction<Row, Row> {
    static final int OWNER = 0;
    static final int BASKET_ITEM = 1;
    static final int PURCHASE = 2;
    static final int HOLDING = 3;

    // In: BY_PURCHASE's columns.
    private static final int TXN = 0;
    private static final int SOURCE = 1;
    private static final int CONSUMER = 2;
    private static final int MONTH = 3;
    private static final int AMOUNT = 4;
    private static final int ITEMS = 5;
    private static final int CATEGORY = 6;
    private static final int PRICE = 7;
    private static final int ENTITY = 8;
    /** entity, entity_kind, m_category, sees_amount, sees_merchant, sees_basket, linked, profile: copied to the holding rows. */
    private static final int HOLDING_FIELDS = 8;

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        return new QueuedIterator<Row, Row>(sorted) {
            private final TreeMap<String, Long> categoryYen = new TreeMap<>();
            private final TreeMap<String, Long> basket = new TreeMap<>();
            private long txn;
            private boolean started;
            private Long owner;
            private boolean factWritten;
            private Row purchase;
            private long purchaseCount;
            private long purchaseYen;
            private long purchaseItems;

            @Override
            protected void end() {
                flushFact();
                if (purchaseCount > 0 || !categoryYen.isEmpty()) {
                    emit(taskTotals());
                }
            }

            @Override
            protected void accept(Row row) {
                long id = row.getLong(TXN);
                if (!started || id != txn) {
                    flushFact();
                    started = true;
                    txn = id;
                    owner = null;
                    purchase = null;
                    factWritten = false;
                    basket.clear();
                }
                switch (row.getInt(SOURCE)) {
                    case OWNER -> owner = row.getLong(CONSUMER);
                    case BASKET_ITEM -> {
                        if (!row.isNullAt(CATEGORY) && !row.isNullAt(PRICE)) {
                            String category = row.getString(CATEGORY);
                            long price = row.getLong(PRICE);
                            categoryYen.merge(category, price, Long::sum);
                            basket.merge(category, price, Long::sum);
                        }
                    }
                    case PURCHASE -> {
                        purchase = row;
                        purchaseCount++;
                        purchaseYen += orZero(row, AMOUNT);
                        purchaseItems += orZero(row, ITEMS);
                    }
                    case HOLDING -> {
                        flushFact();
                        if (owner != null) {
                            Object[] values = new Object[ConsumerMeasures.BY_CONSUMER.size()];
                            values[0] = owner;
                            values[1] = ConsumerMeasures.HOLDING_ROW;
                            values[2] = txn;
                            values[3] = row.get(MONTH);
                            values[4] = row.get(AMOUNT);
                            values[5] = row.get(ITEMS);
                            for (int i = 0; i < HOLDING_FIELDS; i++) {
                                values[8 + i] = row.get(ENTITY + i);
                            }
                            emit(RowFactory.create(values));
                        }
                    }
                    default -> throw new IllegalStateException("unknown source " + row.getInt(SOURCE));
                }
            }

            /** The purchase's fact row, once its owner, basket and canonical row have all been seen. */
            private void flushFact() {
                if (!started || factWritten || owner == null) {
                    return;
                }
                factWritten = true;
                Object[] values = new Object[ConsumerMeasures.BY_CONSUMER.size()];
                values[0] = owner;
                values[1] = ConsumerMeasures.FACT_ROW;
                values[2] = txn;
                // A purchase the truth has but the canonical tables do not (quarantined) carries no month.
                if (purchase != null) {
                    values[3] = purchase.get(MONTH);
                    values[4] = purchase.get(AMOUNT);
                    values[5] = purchase.get(ITEMS);
                }
                values[6] = seq(new ArrayList<>(basket.keySet()));
                values[7] = seq(new ArrayList<>(basket.values()));
                emit(RowFactory.create(values));
            }

            private Row taskTotals() {
                Object[] values = new Object[ConsumerMeasures.BY_CONSUMER.size()];
                values[1] = ConsumerMeasures.TASK_TOTALS_ROW;
                values[2] = purchaseCount;
                values[4] = purchaseYen;
                values[5] = purchaseItems;
                values[6] = seq(new ArrayList<>(categoryYen.keySet()));
                values[7] = seq(new ArrayList<>(categoryYen.values()));
                return RowFactory.create(values);
            }
        };
    }

    /** A sum skips what is null, as SQL's does. */
    private static long orZero(Row row, int column) {
        return row.isNullAt(column) ? 0L : row.getLong(column);
    }

    static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(values).toSeq();
    }

    /** A fact row's basket: category → yen. */
    static Map<String, Long> basket(Row row) {
        List<String> categories = row.getList(6);
        List<Long> yens = row.getList(7);
        Map<String, Long> basket = new TreeMap<>();
        for (int i = 0; i < categories.size(); i++) {
            basket.put(categories.get(i), yens.get(i));
        }
        return basket;
    }
}
