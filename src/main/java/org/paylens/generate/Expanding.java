package org.paylens.generate;

import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * A task's output rows, made lazily from its input one element at a time: each input element (a consumer, a
 * purchase) expands into zero or more rows, and only that element's rows are held at once.
 */
final class Expanding {
    private Expanding() {
    }

    static <T> Iterator<Row> rows(Iterator<T> input, BiConsumer<T, List<Row>> expand) {
        return new Iterator<>() {
            private final List<Row> pending = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                while (next == pending.size()) {
                    if (!input.hasNext()) {
                        return false;
                    }
                    pending.clear();
                    next = 0;
                    expand.accept(input.next(), pending);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.get(next++);
            }
        };
    }
}
