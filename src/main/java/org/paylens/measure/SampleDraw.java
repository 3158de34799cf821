package org.paylens.measure;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.pipeline.LookAheadIterator;

import java.util.Iterator;
import java.util.Objects;

/**
 * Unicity's sample and its points, drawn in one pass over a partition whose rows arrive sorted by (entity, period,
 * profile order, profile, point order, txn_id): of each (entity, period) the first {@code sampleSize} profiles, and of
 * each of those its first {@code maxPoints} purchases, each numbered r = 1, 2, … in that order. The same as ranking
 * the distinct profiles and then each sampled profile's purchases with two windows, without a shuffle for each
 * ranking and a join between them; rows are streamed, never held, so a partition can be as large as Spark's sort
 * lets it be.
 */
final class SampleDraw implements MapPartitionsFunction<Row, Row> {
    private final int entity;
    private final int period;
    private final int profile;
    private final int width;
    private final int sampleSize;
    private final int maxPoints;

    /**
     * @param rows the sorted rows' schema, with entity, period and profile among its columns; the rows drawn keep
     *             every column and add r
     */
    SampleDraw(StructType rows, int sampleSize, int maxPoints) {
        this.entity = rows.fieldIndex("entity");
        this.period = rows.fieldIndex("period");
        this.profile = rows.fieldIndex("profile");
        this.width = rows.size();
        this.sampleSize = sampleSize;
        this.maxPoints = maxPoints;
    }

    /** The rows drawn: the input's columns, then r (1 … maxPoints). */
    static StructType drawnSchema(StructType rows) {
        return rows.add("r", DataTypes.IntegerType, false);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> sorted) {
        return new LookAheadIterator<>() {
            private Object currentEntity;
            private Object currentPeriod;
            private Object currentProfile;
            private int profilesTaken;
            private int pointsTaken;

            @Override
            protected Row computeNext() {
                while (sorted.hasNext()) {
                    Row row = sorted.next();
                    if (!Objects.equals(row.get(entity), currentEntity) || !Objects.equals(row.get(period), currentPeriod)) {
                        currentEntity = row.get(entity);
                        currentPeriod = row.get(period);
                        currentProfile = null;
                        profilesTaken = 0;
                    }
                    if (profilesTaken == 0 || !Objects.equals(row.get(profile), currentProfile)) {
                        currentProfile = row.get(profile);
                        profilesTaken++;
                        pointsTaken = 0;
                    }
                    if (profilesTaken <= sampleSize && pointsTaken < maxPoints) {
                        pointsTaken++;
                        Object[] values = new Object[width + 1];
                        for (int i = 0; i < width; i++) {
                            values[i] = row.get(i);
                        }
                        values[width] = pointsTaken;
                        return RowFactory.create(values);
                    }
                }
                return null;
            }
        };
    }
}
