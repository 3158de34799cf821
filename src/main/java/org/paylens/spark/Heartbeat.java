package org.paylens.spark;

import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A line of progress every {@link #EVERY_SECONDS} seconds while a long stage runs: how long it has run and what
 * Spark is doing, from its status tracker (the stages running and their tasks done of total), so that a run of
 * minutes never looks stalled. A stage shorter than the interval prints nothing.
 */
public final class Heartbeat implements AutoCloseable {
    public static final long EVERY_SECONDS = 10;
    private final ScheduledExecutorService timer;

    private Heartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts beating for {@code stage}, begun at {@code startNanos} ({@link System#nanoTime}). */
    public static Heartbeat start(Logger log, String stage, long startNanos) {
        return start(line -> log.info("{}", line), stage, startNanos, TimeUnit.SECONDS.toMillis(EVERY_SECONDS));
    }

    static Heartbeat start(java.util.function.Consumer<String> sink, String stage, long startNanos, long everyMillis) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "paylens-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> sink.accept(stage + ": "
                        + String.format(Locale.ROOT, "%.0f", (System.nanoTime() - startNanos) / 1e9) + " s — " + progress()),
                everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        return new Heartbeat(timer);
    }

    /** What Spark is doing now, in a few words. */
    static String progress() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isEmpty()) {
            return "starting Spark";
        }
        SparkStatusTracker tracker = session.get().sparkContext().statusTracker();
        int[] stages = tracker.getActiveStageIds();
        Arrays.sort(stages);
        int total = 0;
        int done = 0;
        int running = 0;
        for (int id : stages) {
            scala.Option<SparkStageInfo> info = tracker.getStageInfo(id);
            if (info.isDefined()) {
                total += info.get().numTasks();
                done += info.get().numCompletedTasks();
                running += info.get().numActiveTasks();
            }
        }
        if (stages.length == 0) {
            return "working on the driver (no Spark stage running)";
        }
        return (stages.length == 1 ? "Spark stage " : "Spark stages ")
                + Arrays.stream(stages).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                + ": " + done + " of " + total + " tasks done, " + running + " running";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
