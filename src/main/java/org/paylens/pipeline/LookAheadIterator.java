package org.paylens.pipeline;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over elements computed one at a time, as a task's readers and filters produce them: a subclass says
 * how to get the next element, or null when there is none, and never holds more than that one.
 */
public abstract class LookAheadIterator<T> implements Iterator<T> {
    private T next;

    /** The next element, or null when there are no more. */
    protected abstract T computeNext();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = computeNext();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T element = next;
        next = null;
        return element;
    }
}
