package org.paylens.measure;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.paylens.scenario.Unicity;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Unicity's points, one row in and one row per coarsening out, in plain Java: a purchase's point at each coarsening
 * (place, time and price bin as text, "merchant|2019-09-03|1") and the 64-bit keys the matching uses, each the value
 * Spark's {@code xxhash64} gives for the same columns, so that one pass over the holdings makes every coarsening's
 * points where a union of one Spark query per coarsening read them once each.
 * <p>
 * A point at day or month resolution lies within one month, so the profiles holding it are the same in the whole
 * period and in its month: its key leaves the period out ("*"), and the index takes each holding once. A week can
 * straddle two months, so its key keeps the period, and the index takes each holding in the whole period and in its
 * month.
 */
final class TracePoints implements Serializable {
    /** A sampled purchase's point at one coarsening: its (entity, coarsening), the sample and the point. */
    static final StructType DRAWN = new StructType().add("group", DataTypes.LongType).add("entity", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("coarsening", DataTypes.StringType).add("r", DataTypes.IntegerType)
            .add("sample", DataTypes.LongType).add("point", DataTypes.LongType).add("entity_kind", DataTypes.StringType);
    /** A holding of a point some sample was drawn with: its (entity, coarsening), the point and the profile holding it. */
    static final StructType INDEX = new StructType().add("group", DataTypes.LongType).add("point", DataTypes.LongType)
            .add("candidate", DataTypes.LongType);
    /** Spark's default seed of {@code xxhash64}. */
    private static final long SPARK_HASH_SEED = 42L;
    private static final String ANY_PERIOD = "*";

    private final String[] labels;
    private final Unicity.Place[] places;
    private final Unicity.Time[] times;
    private final Integer[] priceBins;

    TracePoints(Unicity settings) {
        List<Unicity.Coarsening> coarsenings = settings.coarsenings();
        labels = coarsenings.stream().map(Unicity.Coarsening::label).toArray(String[]::new);
        places = coarsenings.stream().map(Unicity.Coarsening::place).toArray(Unicity.Place[]::new);
        times = coarsenings.stream().map(Unicity.Coarsening::time).toArray(Unicity.Time[]::new);
        priceBins = coarsenings.stream().map(Unicity.Coarsening::priceBinYen).toArray(Integer[]::new);
    }

    /**
     * The sample's points: from rows with entity, entity_kind, period, profile, r, merchant_id, m_chain, chain,
     * category, region, local_date, amount_yen, sees_amount, one {@link #DRAWN} row per coarsening at which the
     * purchase has a place.
     */
    FlatMapFunction<Row, Row> drawn(StructType rows) {
        Columns in = new Columns(rows);
        int period = rows.fieldIndex("period");
        int r = rows.fieldIndex("r");
        int entityKind = rows.fieldIndex("entity_kind");
        return row -> {
            List<Row> out = new ArrayList<>(labels.length);
            String entity = row.getString(in.entity);
            String thePeriod = row.getString(period);
            for (int c = 0; c < labels.length; c++) {
                String point = point(c, row, in);
                if (point != null) {
                    String keyPeriod = times[c] == Unicity.Time.WEEK ? thePeriod : ANY_PERIOD;
                    out.add(RowFactory.create(hash(entity, labels[c]), entity, thePeriod, labels[c], row.getInt(r),
                            hash(entity, thePeriod, labels[c], row.getString(in.profile)),
                            hash(entity, keyPeriod, labels[c], point), row.getString(entityKind)));
                }
            }
            return out.iterator();
        };
    }

    /**
     * The index of the drawn points' holders: from holdings rows (one per entity and purchase, with month and the
     * columns {@link #drawn} reads but period and r), one {@link #INDEX} row per point in {@code drawnPoints} (sorted).
     */
    FlatMapFunction<Row, Row> index(StructType rows, Broadcast<long[]> drawnPoints) {
        Columns in = new Columns(rows);
        int month = rows.fieldIndex("month");
        return row -> {
            long[] wanted = drawnPoints.value();
            List<Row> out = new ArrayList<>(2);
            String entity = row.getString(in.entity);
            long candidate = hash(entity, row.getString(in.profile));
            for (int c = 0; c < labels.length; c++) {
                String point = point(c, row, in);
                if (point == null) {
                    continue;
                }
                long group = hash(entity, labels[c]);
                if (times[c] == Unicity.Time.WEEK) {
                    add(out, wanted, group, hash(entity, ProfileMeasures.ALL, labels[c], point), candidate);
                    add(out, wanted, group, hash(entity, row.getString(month), labels[c], point), candidate);
                } else {
                    add(out, wanted, group, hash(entity, ANY_PERIOD, labels[c], point), candidate);
                }
            }
            return out.iterator();
        };
    }

    private static void add(List<Row> out, long[] wanted, long group, long point, long candidate) {
        if (Arrays.binarySearch(wanted, point) >= 0) {
            out.add(RowFactory.create(group, point, candidate));
        }
    }

    /**
     * The purchase's point at coarsening c as Spark's {@code concat_ws("|", place, time, bin)} writes it (a missing
     * time or bin is left out), or null where the place is unknown.
     */
    private String point(int c, Row row, Columns in) {
        String place = switch (places[c]) {
            case MERCHANT -> row.getString(in.merchant);
            case CHAIN -> row.isNullAt(in.merchantChain) ? row.getString(in.chain) : row.getString(in.merchantChain);
            case CATEGORY -> row.getString(in.category);
            case REGION -> row.getString(in.region);
        };
        if (place == null) {
            return null;
        }
        StringBuilder point = new StringBuilder(place);
        if (!row.isNullAt(in.date)) {
            LocalDate date = localDate(row.get(in.date));
            String time = switch (times[c]) {
                case DAY -> date.toString();
                case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
                case MONTH -> date.toString().substring(0, 7);
            };
            point.append('|').append(time);
        }
        if (priceBins[c] != null && !row.isNullAt(in.seesAmount) && row.getBoolean(in.seesAmount) && !row.isNullAt(in.amount)) {
            // Spark's floor(amount / bin) of the double quotient.
            point.append('|').append((long) Math.floor(row.getLong(in.amount) / (double) priceBins[c]));
        }
        return point.toString();
    }

    private static LocalDate localDate(Object value) {
        return value instanceof LocalDate date ? date : ((Date) value).toLocalDate();
    }

    /** Spark's {@code xxhash64} of string columns, none of them null. */
    static long hash(String... values) {
        long hash = SPARK_HASH_SEED;
        for (String value : values) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            hash = XXH64.hashUnsafeBytes(utf8, Platform.BYTE_ARRAY_OFFSET, utf8.length, hash);
        }
        return hash;
    }

    /** Where the columns the points are made of lie in a row. */
    private record Columns(int entity, int profile, int merchant, int merchantChain, int chain, int category, int region,
                           int date, int amount, int seesAmount) implements Serializable {
        Columns(StructType rows) {
            this(rows.fieldIndex("entity"), rows.fieldIndex("profile"), rows.fieldIndex("merchant_id"),
                    rows.fieldIndex("m_chain"), rows.fieldIndex("chain"), rows.fieldIndex("category"),
                    rows.fieldIndex("region"), rows.fieldIndex("local_date"), rows.fieldIndex("amount_yen"),
                    rows.fieldIndex("sees_amount"));
        }
    }
}
