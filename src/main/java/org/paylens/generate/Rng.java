package org.paylens.generate;

import java.nio.charset.StandardCharsets;

/**
 * The generator's randomness in plain Java: every draw is a 64-bit hash of (seed, purpose, entity…), so a value
 * depends on nothing else — not the number of cores, partitions or executors, not the order consumers are
 * simulated in, and not other parameters. The hash absorbs one 64-bit word at a time through SplitMix64's
 * finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014), which passes
 * BigCrush on counter input; that makes (purpose, entity, counter) a counter-based stream.
 *
 * <p>{@link Randomness} is the same idea as Spark column expressions, for the draws the analysis makes in SQL
 * (unicity samples, the consumers it shows); the two need not agree, since no value is drawn by both.
 */
public final class Rng {
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Rng() {
    }

    /** SplitMix64's finaliser (variant 13): a bijection of 64-bit words that mixes every bit into every other. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The key of a purpose under a seed: computed once per purpose, then every draw absorbs only entities. */
    public static long purpose(long seed, String purpose) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF) + GOLDEN_GAMMA);
        }
        return mix(h ^ purpose.length());
    }

    public static long hash(long key, long a) {
        return mix(key ^ mix(a + GOLDEN_GAMMA));
    }

    public static long hash(long key, long a, long b) {
        return hash(hash(key, a), b);
    }

    public static long hash(long key, long a, long b, long c) {
        return hash(hash(hash(key, a), b), c);
    }

    /** A uniform double in [0, 1) from the top 53 bits of a hash. */
    public static double unit(long hash) {
        return (hash >>> 11) * TWO_POW_MINUS_53;
    }

    public static double uniform(long key, long a) {
        return unit(hash(key, a));
    }

    public static double uniform(long key, long a, long b) {
        return unit(hash(key, a, b));
    }

    public static double uniform(long key, long a, long b, long c) {
        return unit(hash(key, a, b, c));
    }

    /** A standard normal value: Box–Muller on two independent uniforms of the entity. */
    public static double normal(long key, long a) {
        double u1 = 1.0 - unit(hash(key, a, 1)); // in (0, 1], so the log is finite
        double u2 = unit(hash(key, a, 2));
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** An exponential variate of rate 1, for the races that pick among weighted choices. */
    static double exponential(double u) {
        return -Math.log(1.0 - u);
    }
}
