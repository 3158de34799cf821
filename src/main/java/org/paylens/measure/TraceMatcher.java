package org.paylens.measure;

import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unicity's matching for one (entity, coarsening), inside a task: given its sampled traces (drawn points, in order)
 * and every (point, profile) it holds, how many of each scope's samples are singled out by their first p points.
 * A sample's matches after p points are the profiles holding each of those points (the sample itself among them):
 * the holders of the first point, narrowed by the holders of each next one. A sample is unique at p from the first
 * step that leaves it alone. Only the holders of points some sample was drawn with are kept in memory.
 * <p>
 * Drawn rows: group, entity, period, coarsening, r, sample, point, entity_kind. Index rows: group, point, candidate.
 */
final class TraceMatcher implements CoGroupFunction<Long, Row, Row, Row> {
    /** One row per (entity, period, coarsening, p) with at least one sample of p points. */
    static final StructType COUNTS = new StructType().add("entity", DataTypes.StringType)
            .add("entity_kind", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("coarsening", DataTypes.StringType)
            .add("p", DataTypes.IntegerType).add("sampled", DataTypes.LongType).add("unique", DataTypes.LongType);
    private static final long[] NONE = new long[0];

    private record Scope(String entity, String entityKind, String period, String coarsening) {
    }

    /**
     * A sample's points in drawn order; points[r - 1] is the r-th. A purchase drawn without a point at this
     * coarsening (no place) leaves a gap: the sample counts up to its last point but matches nothing after the gap.
     */
    private static final class Trace {
        final Scope scope;
        long[] points = new long[4];
        boolean[] drawnAt = new boolean[4];
        int length;

        Trace(Scope scope) {
            this.scope = scope;
        }

        void put(int r, long point) {
            if (r > points.length) {
                points = Arrays.copyOf(points, Math.max(r, points.length * 2));
                drawnAt = Arrays.copyOf(drawnAt, points.length);
            }
            points[r - 1] = point;
            drawnAt[r - 1] = true;
            length = Math.max(length, r);
        }
    }

    /** The profiles holding a point, as they arrive, then sorted without repeats. */
    private static final class Holders {
        long[] ids = new long[2];
        int size;

        void add(long id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        long[] distinctSorted() {
            Arrays.sort(ids, 0, size);
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept == 0 || ids[i] != ids[kept - 1]) {
                    ids[kept++] = ids[i];
                }
            }
            return Arrays.copyOf(ids, kept);
        }
    }

    @Override
    public Iterator<Row> call(Long group, Iterator<Row> drawn, Iterator<Row> index) {
        Map<Long, Trace> traces = new HashMap<>();
        Map<Long, Holders> holders = new HashMap<>();
        Map<Scope, Scope> scopes = new HashMap<>();
        while (drawn.hasNext()) {
            Row row = drawn.next();
            Scope scope = scopes.computeIfAbsent(new Scope(row.getString(1), row.getString(7), row.getString(2), row.getString(3)), s -> s);
            long point = row.getLong(6);
            traces.computeIfAbsent(row.getLong(5), sample -> new Trace(scope)).put(row.getInt(4), point);
            holders.computeIfAbsent(point, p -> new Holders());
        }
        while (index.hasNext()) {
            Row row = index.next();
            Holders of = holders.get(row.getLong(1));
            if (of != null) {
                of.add(row.getLong(2));
            }
        }
        Map<Long, long[]> holdersOf = new HashMap<>();
        holders.forEach((point, of) -> holdersOf.put(point, of.distinctSorted()));

        // scope → [sampled by p, unique by p], p counted from 1
        Map<Scope, long[][]> counts = new TreeMap<>(java.util.Comparator.comparing(Scope::entity)
                .thenComparing(Scope::period).thenComparing(Scope::coarsening));
        for (Trace trace : traces.values()) {
            int uniqueFrom = 0;
            long[] matches = null;
            for (int r = 1; r <= trace.length && trace.drawnAt[r - 1]; r++) {
                long[] holding = holdersOf.getOrDefault(trace.points[r - 1], NONE);
                matches = r == 1 ? holding : intersection(matches, holding);
                if (matches.length == 1) {
                    uniqueFrom = r;
                    break;
                }
            }
            long[][] byP = counts.computeIfAbsent(trace.scope, s -> new long[2][0]);
            if (byP[0].length < trace.length + 1) {
                byP[0] = Arrays.copyOf(byP[0], trace.length + 1);
                byP[1] = Arrays.copyOf(byP[1], trace.length + 1);
            }
            for (int p = 1; p <= trace.length; p++) {
                byP[0][p]++;
                if (uniqueFrom > 0 && uniqueFrom <= p) {
                    byP[1][p]++;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((scope, byP) -> {
            for (int p = 1; p < byP[0].length; p++) {
                if (byP[0][p] > 0) {
                    rows.add(RowFactory.create(scope.entity(), scope.entityKind(), scope.period(), scope.coarsening(), p, byP[0][p], byP[1][p]));
                }
            }
        });
        return rows.iterator();
    }

    /** The ids in both sorted arrays: each id of the shorter looked up in the longer. */
    static long[] intersection(long[] a, long[] b) {
        long[] shorter = a.length <= b.length ? a : b;
        long[] longer = shorter == a ? b : a;
        long[] both = new long[shorter.length];
        int size = 0;
        int from = 0;
        for (long id : shorter) {
            int at = Arrays.binarySearch(longer, from, longer.length, id);
            if (at >= 0) {
                both[size++] = id;
                from = at + 1;
            } else {
                from = -at - 1;
            }
            if (from == longer.length) {
                break;
            }
        }
        return size == both.length ? both : Arrays.copyOf(both, size);
    }
}
