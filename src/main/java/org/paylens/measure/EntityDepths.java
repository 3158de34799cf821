package org.paylens.measure;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.Decimal;
import org.paylens.pipeline.QueuedIterator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The per-consumer measures' last step, in one task per share of the (entity, period)s: each one's consumer rows
 * arrive together and leave as one row, the holdings' counts summed, the consumers reached counted, and the
 * distribution of profile depth over the consumers in depth (exact quantiles, a histogram, the share over one half)
 * with their mean fidelity. The partial sums of the step before pass through.
 * <p>
 * In: {@link ConsumerMeasures#PER_CONSUMER}, sorted by record, entity, entity_kind, period. Out:
 * {@link ConsumerMeasures#BY_ENTITY}.
 */
final class EntityDepths implements MapPartitionsFunction<Row, Row> {
    /** The columns a passing row keeps: PER_CONSUMER's first ones, as BY_ENTITY begins with them. */
    private static final int KEPT = 13;
    private static final int REACHED = 13;
    private static final int IN_DEPTH = 14;
    private static final int DEPTH = 15;
    private static final int FIDELITY = 16;

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        return new QueuedIterator<Row, Row>(sorted) {
            /** The first row of the group being read; null before the first. */
            private Row first;
            private final long[] counts = new long[ConsumerMeasures.COUNTS.size()];
            private long reached;
            private double[] depths = new double[64];
            private double[] fidelities = new double[64];
            private int n;

            @Override
            protected void accept(Row row) {
                if (row.getInt(0) != ConsumerMeasures.CONSUMER_ROW) {
                    finishGroup();
                    Object[] values = new Object[ConsumerMeasures.BY_ENTITY.size()];
                    for (int i = 0; i < KEPT; i++) {
                        values[i] = row.get(i);
                    }
                    emit(RowFactory.create(values));
                    return;
                }
                if (first != null && !sameGroup(first, row)) {
                    finishGroup();
                }
                if (first == null) {
                    first = row;
                }
                add(row);
            }

            @Override
            protected void end() {
                finishGroup();
            }

            private void add(Row row) {
                for (int c = 0; c < counts.length; c++) {
                    counts[c] += row.getLong(ConsumerMeasures.COUNT_COLUMN + c);
                }
                if (row.getBoolean(REACHED)) {
                    reached++;
                }
                if (row.getBoolean(IN_DEPTH)) {
                    if (n == depths.length) {
                        depths = Arrays.copyOf(depths, 2 * n);
                        fidelities = Arrays.copyOf(fidelities, 2 * n);
                    }
                    depths[n] = row.getDouble(DEPTH);
                    fidelities[n] = row.getDouble(FIDELITY);
                    n++;
                }
            }

            /** The group read so far leaves as one row, if there is one; the sums start again. */
            private void finishGroup() {
                if (first == null) {
                    return;
                }
                emit(measures(first, counts, reached, Arrays.copyOf(depths, n), Arrays.copyOf(fidelities, n)));
                first = null;
                Arrays.fill(counts, 0L);
                reached = 0;
                n = 0;
            }
        };
    }

    private static boolean sameGroup(Row a, Row b) {
        return Objects.equals(a.getString(1), b.getString(1)) && Objects.equals(a.getString(2), b.getString(2))
                && Objects.equals(a.getString(3), b.getString(3));
    }

    /** One (entity, period)'s row of {@link ConsumerMeasures#BY_ENTITY}. */
    static Row measures(Row key, long[] counts, long reached, double[] depths, double[] fidelities) {
        Object[] values = new Object[ConsumerMeasures.BY_ENTITY.size()];
        values[0] = ConsumerMeasures.CONSUMER_ROW;
        values[1] = key.get(1);
        values[2] = key.get(2);
        values[3] = key.get(3);
        for (int c = 0; c < counts.length; c++) {
            values[ConsumerMeasures.COUNT_COLUMN + c] = counts[c];
        }
        values[13] = reached;
        int n = depths.length;
        if (n > 0) {
            double[] ordered = depths.clone();
            Arrays.sort(ordered);
            values[14] = quantile(ordered, 0.5);
            values[15] = quantile(ordered, 0.9);
            long overHalf = Arrays.stream(ordered).filter(d -> d > 0.5).count();
            values[16] = overHalf / (double) n;
            values[17] = exactSum(fidelities).doubleValue() / n;
            List<Double> quantiles = new ArrayList<>();
            for (double q : ProfileMeasures.DEPTH_QUANTILES) {
                quantiles.add(quantile(ordered, q));
            }
            long[] histogram = new long[ProfileMeasures.DEPTH_BINS];
            BigDecimal[] sums = new BigDecimal[ProfileMeasures.DEPTH_BINS];
            Arrays.fill(sums, BigDecimal.ZERO);
            for (double depth : depths) {
                int bin = (int) Math.min(Math.floor(depth * ProfileMeasures.DEPTH_BINS), ProfileMeasures.DEPTH_BINS - 1);
                if (bin >= 0) {
                    histogram[bin]++;
                    sums[bin] = sums[bin].add(exact(depth));
                }
            }
            values[18] = PurchaseFacts.seq(quantiles);
            values[19] = PurchaseFacts.seq(Arrays.stream(histogram).boxed().toList());
            values[20] = PurchaseFacts.seq(Arrays.stream(sums).map(BigDecimal::doubleValue).toList());
        }
        return RowFactory.create(values);
    }

    /** The q-quantile by nearest rank: the value at rank ⌈q·n⌉ (at least 1) of the n sorted values. */
    static double quantile(double[] sorted, double q) {
        long rank = Math.max(1L, (long) Math.ceil(q * sorted.length));
        return sorted[(int) rank - 1];
    }

    /**
     * A sum of values in [0, 1] that does not depend on the order they are added in: each is rounded to 18 decimals
     * (as Spark casts a double to decimal(28, 18)) and the decimals are added exactly. Its double is the nearest to
     * the exact sum, as Spark casts a decimal to a double.
     */
    static BigDecimal exactSum(double[] values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double value : values) {
            sum = sum.add(exact(value));
        }
        return sum;
    }

    private static BigDecimal exact(double value) {
        Decimal decimal = Decimal.apply(value);
        if (!decimal.changePrecision(28, 18)) {
            throw new ArithmeticException(value + " does not fit decimal(28, 18)");
        }
        return decimal.toJavaBigDecimal();
    }
}
