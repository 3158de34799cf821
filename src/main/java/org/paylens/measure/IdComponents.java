package org.paylens.measure;

import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One alliance's id graph, in a task: every id (node) in its edges with the label of its connected component, the
 * component's smallest id in Spark's string order (UTF-8 bytes). A union-find with path halving; each root keeps its
 * component's smallest id.
 * <p>
 * Rows in: alliance, a, b (an edge). Rows out: alliance, node, label.
 */
final class IdComponents implements FlatMapGroupsFunction<String, Row, Row> {
    static final StructType LABELS = new StructType().add("alliance", DataTypes.StringType)
            .add("node", DataTypes.StringType).add("label", DataTypes.StringType);

    @Override
    public Iterator<Row> call(String alliance, Iterator<Row> edges) {
        Forest forest = new Forest();
        while (edges.hasNext()) {
            Row edge = edges.next();
            forest.union(forest.id(edge.getString(1)), forest.id(edge.getString(2)));
        }
        List<Row> labels = new ArrayList<>(forest.names.size());
        for (int node = 0; node < forest.names.size(); node++) {
            labels.add(RowFactory.create(alliance, forest.names.get(node), forest.names.get(forest.root(node))));
        }
        return labels.iterator();
    }

    /** The ids numbered as they come, each with its parent; a root is its own parent. */
    private static final class Forest {
        final Map<String, Integer> ids = new HashMap<>();
        final List<String> names = new ArrayList<>();
        int[] parent = new int[64];

        int id(String node) {
            Integer known = ids.get(node);
            if (known != null) {
                return known;
            }
            int id = names.size();
            ids.put(node, id);
            names.add(node);
            if (id == parent.length) {
                parent = Arrays.copyOf(parent, parent.length * 2);
            }
            parent[id] = id;
            return id;
        }

        int root(int node) {
            while (parent[node] != node) {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }
            return node;
        }

        /** Joins the two components under the root whose id is the smaller, so that every root is its component's least id. */
        void union(int a, int b) {
            int rootA = root(a);
            int rootB = root(b);
            if (rootA == rootB) {
                return;
            }
            if (UTF8String.fromString(names.get(rootA)).compareTo(UTF8String.fromString(names.get(rootB))) < 0) {
                parent[rootB] = rootA;
            } else {
                parent[rootA] = rootB;
            }
        }
    }
}
