package org.paylens.measure;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.paylens.generate.Randomness;
import org.paylens.pipeline.Tables;
import org.paylens.scenario.Unicity;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * Unicity ε_p (de Montjoye et al., Science 2015): within the data an operator or alliance holds, over the whole period
 * or one month, the share of its profiles singled out by p points of their trace in that period. A point is a place and a time (merchant and day, or coarser) and
 * optionally a price bin, taken from linked purchases whose merchant and time the entity sees.
 * <p>
 * A scope is an (entity, period, coarsening). For a sample of each entity's profiles in each period (drawn by hash,
 * so the same on any cluster), up to {@code maxPoints} distinct points of each trace are drawn in a hashed order; the
 * first p of them are the p points. The profiles holding each drawn point (an inverted index of (scope, point) →
 * profiles) meet the samples of their (entity, coarsening) in one task ({@link TraceMatcher}), which narrows each
 * sample's matches point by point. A sampled profile is unique at p when it is its own only match after p points, and
 * is not followed further. No per-profile or per-entity work on the driver.
 */
public final class UnicityMeasure {

    private UnicityMeasure() {
    }

    /**
     * Writes to {@code dir} one row per (entity, period, coarsening, p): entity, entity_kind, period ("all" or
     * yyyy-MM), coarsening, p, sampled (sampled profiles with at least p points in the period), unique, unicity.
     *
     * @param holdings  {@link Holdings#of}
     * @param merchants the merchant registry: merchant_id, chain, category, region
     * @param sampleDir where the sample goes: entity, period, profile, r (1 … maxPoints), txn_id, one row per point
     * @param scratch   a directory for the steps, which the caller removes
     */
    public static void write(Dataset<Row> holdings, Dataset<Row> merchants, Unicity settings, long seed, String dir,
                             String sampleDir, String scratch) {
        SparkSession spark = holdings.sparkSession();
        Randomness random = new Randomness(seed);
        Dataset<Row> seen = holdings.filter(col("linked").and(col("sees_merchant")).and(col("sees_time")))
                .join(broadcast(merchants.select(col("merchant_id"), col("chain").as("m_chain"), col("category"), col("region"))),
                        "merchant_id", "left")
                .withColumn("period", ProfileMeasures.periods());
        int maxPoints = settings.maxPoints();
        // The same hashes in every period: a month's sample is the whole period's order restricted to that month.
        // The sample's p points are p of its purchases (an entity holds a purchase once), drawn once and coarsened for
        // every coarsening, so that a coarser resolution of the same purchases can only match more profiles. Each
        // (entity, period)'s rows arrive in one task in drawing order, profiles by their hash and each profile's
        // purchases by theirs, and the first profiles' first purchases are taken as they stream past.
        Dataset<Row> ordered = seen
                .withColumn("profile_order", random.hash("unicity-sample", col("entity"), col("profile")))
                .withColumn("point_order", random.hash("unicity-points", col("entity"), col("profile"), col("txn_id")))
                .repartition(col("entity"), col("period"))
                .sortWithinPartitions("entity", "period", "profile_order", "profile", "point_order", "txn_id");
        Dataset<Row> purchasesDrawn = ordered.mapPartitions(new SampleDraw(ordered.schema(), settings.sampleSize(), maxPoints),
                Encoders.row(SampleDraw.drawnSchema(ordered.schema())));
        purchasesDrawn.write().parquet(scratch + "/sample");
        purchasesDrawn = Tables.read(spark, scratch + "/sample");
        // Kept so that ε_p can be checked outside Spark (the benchmark's DuckDB baseline does): which profiles were
        // sampled and which of their purchases are their points, in order.
        purchasesDrawn.select("entity", "period", "profile", "r", "txn_id").write().parquet(sampleDir);
        // Keys are 64-bit hashes rather than the ids and points themselves: at a million consumers a coarse point
        // is held by tens of thousands of profiles, and the pairs (sample, candidate) are the whole cost.
        Dataset<Row> drawn = pointsAtEveryCoarsening(purchasesDrawn, settings, false)
                .select(groupKey().as("group"), col("entity"), col("period"), col("coarsening"), col("r"),
                        xxhash64(col("entity"), col("period"), col("coarsening"), col("profile")).as("sample"),
                        pointKey().as("point"), col("entity_kind"));
        // Only the holders of drawn points matter, and the drawn points are a few per sample (capped per scope, so
        // they do not grow with the data): the index is filtered against them before it is shuffled.
        Dataset<Row> drawnPoints = drawn.select("point").distinct();
        Dataset<Row> index = pointsAtEveryCoarsening(seen, settings, true)
                .select(groupKey().as("group"), pointKey().as("point"), xxhash64(col("entity"), col("profile")).as("candidate"))
                .join(broadcast(drawnPoints), "point", "left_semi")
                .select("group", "point", "candidate");
        // One (entity, coarsening) at a time in a task: its samples' points, then every profile holding one of them,
        // and each sample's candidates narrowed point by point in memory. One shuffle of both sides, where a join
        // per point drawn would build every (sample, candidate) pair as rows.
        Dataset<Row> counts = drawn.groupByKey((MapFunction<Row, Long>) row -> row.getLong(0), Encoders.LONG())
                .cogroup(index.groupByKey((MapFunction<Row, Long>) row -> row.getLong(0), Encoders.LONG()),
                        new TraceMatcher(), Encoders.row(TraceMatcher.COUNTS));
        counts.select(col("entity"), col("entity_kind"), col("period"), col("coarsening"), col("p"), col("sampled"),
                        col("unique"), col("unique").cast("double").divide(col("sampled")).as("unicity"))
                .write().parquet(dir);
    }

    /** The (entity, coarsening) a drawn point or an index entry belongs to, as a 64-bit key. */
    private static Column groupKey() {
        return xxhash64(col("entity"), col("coarsening"));
    }

    /** A point within its scope (entity, period, coarsening), as a 64-bit key. */
    private static Column pointKey() {
        return xxhash64(col("entity"), col("key_period"), col("coarsening"), col("point"));
    }

    /**
     * Each row once per coarsening, with its point there: entity, period, coarsening, profile, point, key_period, and
     * r if any. A point at day or month resolution lies within one month, so the profiles holding it are the same in
     * the whole period and in its month: its key leaves the period out, and the index needs the whole period's rows
     * only ({@code indexRows}), half as many. A week can straddle two months, so its key keeps the period.
     */
    private static Dataset<Row> pointsAtEveryCoarsening(Dataset<Row> purchases, Unicity settings, boolean indexRows) {
        List<Dataset<Row>> perCoarsening = new ArrayList<>();
        for (Unicity.Coarsening coarsening : settings.coarsenings()) {
            boolean withinAMonth = coarsening.time() != Unicity.Time.WEEK;
            Dataset<Row> rows = indexRows && withinAMonth ? purchases.filter(col("period").equalTo(ProfileMeasures.ALL)) : purchases;
            perCoarsening.add(rows.withColumn("coarsening", lit(coarsening.label())).withColumn("point", point(coarsening))
                    .withColumn("key_period", withinAMonth ? lit("*") : col("period")));
        }
        return perCoarsening.stream().reduce(Dataset::unionByName).orElseThrow().filter(col("point").isNotNull());
    }

    private static Column point(Unicity.Coarsening coarsening) {
        Column place = switch (coarsening.place()) {
            case MERCHANT -> col("merchant_id");
            case CHAIN -> coalesce(col("m_chain"), col("chain"));
            case CATEGORY -> col("category");
            case REGION -> col("region");
        };
        Column time = switch (coarsening.time()) {
            case DAY -> col("local_date").cast("string");
            case WEEK -> date_trunc("week", col("local_date")).cast("date").cast("string");
            case MONTH -> date_format(col("local_date"), "yyyy-MM");
        };
        Column point = concat_ws("|", place, time);
        if (coarsening.priceBinYen() != null) {
            // An entity that does not see the amount has the point without its price.
            Column bin = floor(col("amount_yen").divide(coarsening.priceBinYen())).cast("long");
            point = when(col("sees_amount"), concat_ws("|", point, bin.cast("string"))).otherwise(point);
        }
        return when(place.isNotNull(), point);
    }
}
