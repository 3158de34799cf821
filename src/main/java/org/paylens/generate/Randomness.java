package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * A random draw in Spark SQL is a 64-bit hash of (seed, purpose, entity), so a value depends on nothing else: not
 * the number of cores, partitions or executors, not the order rows are processed in, and not other parameters. The
 * analysis draws its samples so; the generator draws in plain Java with {@link Rng}.
 */
public final class Randomness {
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private final long seed;

    public Randomness(long seed) {
        this.seed = seed;
    }

    /** A 64-bit hash of (seed, purpose, entity…). */
    public Column hash(String purpose, Column... entity) {
        List<Column> parts = new ArrayList<>(entity.length + 2);
        parts.add(lit(seed));
        parts.add(lit(purpose));
        parts.addAll(List.of(entity));
        return xxhash64(parts.toArray(Column[]::new));
    }

    /** {@link #hash} of one long entity, in plain Java (inside a task): Spark's xxhash64 of the same three values. */
    public long hash(String purpose, long entity) {
        byte[] utf8 = purpose.getBytes(StandardCharsets.UTF_8);
        long hash = XXH64.hashLong(seed, TruthFile.HASH_SEED);
        hash = XXH64.hashUnsafeBytes(utf8, Platform.BYTE_ARRAY_OFFSET, utf8.length, hash);
        return XXH64.hashLong(entity, hash);
    }

    /** A uniform double in [0, 1) drawn from the top 53 bits of the hash. */
    public Column uniform(String purpose, Column... entity) {
        return shiftrightunsigned(hash(purpose, entity), 11).cast("double").multiply(TWO_POW_MINUS_53);
    }

    /** A standard normal value (Box–Muller on two independent uniforms). */
    public Column normal(String purpose, Column... entity) {
        Column u1 = lit(1.0).minus(uniform(purpose + "#1", entity)); // in (0, 1], so log() is finite
        Column u2 = uniform(purpose + "#2", entity);
        return sqrt(log(u1).multiply(-2.0)).multiply(cos(u2.multiply(2 * Math.PI)));
    }
}
