package org.paylens.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The phases of the stages (generate truth, write raw logs, ingest, observe, measures, report) one after another:
 * each one's wall-clock seconds and how much heap it used. The benchmark reads them. In local mode the executors
 * share this JVM, so the heap is the whole job's; on a cluster it is the driver's only.
 */
public final class Phases {
    /** How often the heap in use is sampled while a phase runs. */
    private static final long SAMPLE_MILLIS = 10;

    /**
     * @param peakHeapBytes        the most heap in use at any sample (live data and garbage not yet collected)
     * @param peakHeapAfterGcBytes the most heap left in use after a garbage collection: the live data's high-water
     *                             mark, what the phase needs at least (0 when no collection ran)
     */
    public record Phase(String name, double seconds, long peakHeapBytes, long peakHeapAfterGcBytes) {
    }

    /** The heap is the JVM's, so one watcher serves every pipeline in it; it starts with the first phase. */
    private static final AtomicLong peakUsed = new AtomicLong();
    private static final AtomicLong peakAfterGc = new AtomicLong();
    private static boolean watching;

    private final List<Phase> finished = new ArrayList<>();
    private String current;
    private long startNanos;

    /** Ends the phase running, if any, and starts the named one. */
    public synchronized void begin(String name) {
        end();
        startWatching();
        current = name;
        peakUsed.set(heapUsed());
        peakAfterGc.set(0);
        startNanos = System.nanoTime();
    }

    /** Ends the phase running, if any. */
    public synchronized void end() {
        if (current == null) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        peakUsed.accumulateAndGet(heapUsed(), Math::max);
        finished.add(new Phase(current, seconds, peakUsed.get(), peakAfterGc.get()));
        current = null;
    }

    public synchronized List<Phase> finished() {
        return List.copyOf(finished);
    }

    private static synchronized void startWatching() {
        if (watching) {
            return;
        }
        watching = true;
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        Thread sampler = new Thread(() -> {
            while (true) {
                peakUsed.accumulateAndGet(heapUsed(), Math::max);
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "paylens-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        long after = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                                .getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
                        peakAfterGc.accumulateAndGet(after, Math::max);
                    }
                }, null, null);
            }
        }
    }

    private static long heapUsed() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
