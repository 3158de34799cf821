package org.paylens.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable copies that keep the order the scenario file gave, since reports list things in that order. */
final class Maps {
    private Maps() {
    }

    static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <T> List<T> frozen(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
