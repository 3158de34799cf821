package org.paylens.pipeline;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * An iterator over what a task makes of its input rows one at a time, when a row may make none, one or several (a
 * group's rows make one when the next group starts; the end of the input may make some more): a subclass takes
 * each element in {@link #accept} and the end in {@link #end}, and {@link #emit}s what they make.
 */
public abstract class QueuedIterator<I, O> extends LookAheadIterator<O> {
    private final Iterator<I> input;
    private final ArrayDeque<O> queued = new ArrayDeque<>();
    private boolean ended;

    protected QueuedIterator(Iterator<I> input) {
        this.input = input;
    }

    /** Takes the next input element. */
    protected abstract void accept(I element);

    /** Called once, after the last input element. */
    protected abstract void end();

    protected final void emit(O element) {
        queued.add(element);
    }

    @Override
    protected final O computeNext() {
        while (queued.isEmpty() && input.hasNext()) {
            accept(input.next());
        }
        if (queued.isEmpty() && !ended) {
            ended = true;
            end();
        }
        return queued.poll();
    }
}
