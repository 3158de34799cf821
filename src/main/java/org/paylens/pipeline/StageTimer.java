package org.paylens.pipeline;

import org.paylens.spark.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times each stage and logs one line per stage with its duration, and a {@link Heartbeat} while it runs; the timings
 * go to run.json.
 */
public final class StageTimer {
    private static final Logger LOG = LoggerFactory.getLogger("paylens");
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    public <T> T time(String stage, String startMessage, Supplier<T> work, java.util.function.Function<T, String> doneMessage) {
        LOG.info("{}: {}", stage, startMessage);
        long start = System.nanoTime();
        T result;
        try (Heartbeat beat = Heartbeat.start(LOG, stage, start)) {
            result = work.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        seconds.put(stage, Math.round(elapsed * 100) / 100.0);
        LOG.info("{}: done in {} s — {}", stage, String.format(java.util.Locale.ROOT, "%.1f", elapsed), doneMessage.apply(result));
        return result;
    }

    public Map<String, Double> seconds() {
        return Map.copyOf(seconds);
    }

    public static Logger log() {
        return LOG;
    }
}
