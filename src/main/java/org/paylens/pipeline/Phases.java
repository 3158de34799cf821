package org.paylens.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases of the stages (generate truth, write raw logs, ingest, observe, measures, report) one after another:
 * each one's wall-clock seconds and the JVM heap's high-water mark while it ran. The benchmark reads them; a normal
 * run records them at no cost worth the name.
 */
public final class Phases {
    /**
     * @param peakHeapBytes the sum of the heap pools' peaks during the phase: an upper bound on the heap in use at any
     *                      one moment (the pools need not peak together). In local mode the executors share this JVM;
     *                      on a cluster it is the driver's heap only.
     */
    public record Phase(String name, double seconds, long peakHeapBytes) {
    }

    private final List<Phase> finished = new ArrayList<>();
    private String current;
    private long startNanos;

    /** Ends the phase running, if any, and starts the named one. */
    public synchronized void begin(String name) {
        end();
        current = name;
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        startNanos = System.nanoTime();
    }

    /** Ends the phase running, if any. */
    public synchronized void end() {
        if (current == null) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long peak = heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        finished.add(new Phase(current, seconds, peak));
        current = null;
    }

    public synchronized List<Phase> finished() {
        return List.copyOf(finished);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    }
}
