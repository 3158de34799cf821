package org.paylens.measure;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Java steps that run inside a task, without Spark. */
class InTaskMeasuresTest {

    @Test
    void everyIdOfAChainOfLinksGetsTheComponentsSmallestIdWhateverTheOrderOfTheEdges() {
        // d–c, c–b, b–a arrive farthest first, so that the least id (a) reaches d only through two others; e–f is apart.
        List<Row> edges = List.of(edge("op|d", "op|c"), edge("op|e", "op|f"), edge("op|c", "op|b"), edge("op|b", "op|a"),
                edge("op|d", "op|b"));
        Map<String, String> labels = new HashMap<>();
        new IdComponents().call("pact", edges.iterator())
                .forEachRemaining(row -> labels.put(row.getString(1), row.getString(2)));
        assertThat(labels).containsOnlyKeys("op|a", "op|b", "op|c", "op|d", "op|e", "op|f");
        assertThat(labels.get("op|d")).isEqualTo("op|a");
        assertThat(labels.get("op|c")).isEqualTo("op|a");
        assertThat(labels.get("op|f")).isEqualTo("op|e");
    }

    @Test
    void theLeastIdIsTheLeastInUtf8ByteOrderAsSparkComparesStrings() {
        // Java's String order puts U+1F600 (a surrogate pair, 0xD83D…) before U+FF21 (Ａ); UTF-8 bytes put it after.
        Map<String, String> labels = new HashMap<>();
        new IdComponents().call("pact", List.of(edge("x|\uFF21", "x|\uD83D\uDE00")).iterator())
                .forEachRemaining(row -> labels.put(row.getString(1), row.getString(2)));
        assertThat(labels.get("x|\uFF21")).isEqualTo("x|\uFF21");
    }

    @Test
    void intersectionKeepsTheIdsOfBothSortedArrays() {
        assertThat(TraceMatcher.intersection(new long[]{-5, 1, 3, 9, 12}, new long[]{1, 2, 3, 4, 12, 40}))
                .containsExactly(1, 3, 12);
        assertThat(TraceMatcher.intersection(new long[]{7}, new long[]{1, 2, 3})).isEmpty();
        assertThat(TraceMatcher.intersection(new long[]{}, new long[]{1})).isEmpty();
    }

    private static Row edge(String a, String b) {
        return RowFactory.create("pact", a, b);
    }
}
