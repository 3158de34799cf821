package org.paylens.measure;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.paylens.generate.Randomness;
import org.paylens.scenario.Unicity;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * Unicity ε_p (de Montjoye et al., Science 2015): within the data an operator or alliance holds, the share of its
 * profiles singled out by p points of their trace. A point is a place and a time (merchant and day, or coarser) and
 * optionally a price bin, taken from linked purchases whose merchant and time the entity sees.
 * <p>
 * For a sample of each entity's profiles (drawn by hash, so the same on any cluster), up to {@code maxPoints} distinct
 * points of each trace are drawn in a hashed order; the first p of them are the p points. An inverted index of
 * (entity, point) → profiles gives the profiles holding a sample's first point; a join with the index keeps those of
 * them holding the second, and so on. A sampled profile is unique at p when it is its own only match after p points,
 * and is not followed further. Every entity and every coarsening go through the same few joins together: no
 * per-profile or per-entity work on the driver.
 */
public final class UnicityMeasure {

    private UnicityMeasure() {
    }

    /**
     * Writes to {@code dir} one row per (entity, coarsening, p): entity, entity_kind, coarsening, p, sampled (sampled
     * profiles with at least p points), unique, unicity.
     *
     * @param holdings  {@link Holdings#of}
     * @param merchants the merchant registry: merchant_id, chain, category, region
     * @param scratch   a directory for the steps, which the caller removes
     */
    public static void write(Dataset<Row> holdings, Dataset<Row> merchants, Unicity settings, long seed, String dir,
                             String scratch) {
        SparkSession spark = holdings.sparkSession();
        Randomness random = new Randomness(seed);
        Dataset<Row> seen = holdings.filter(col("linked").and(col("sees_merchant")).and(col("sees_time")))
                .join(broadcast(merchants.select(col("merchant_id"), col("chain").as("m_chain"), col("category"), col("region"))),
                        "merchant_id", "left");
        // A trace point is one purchase seen at a coarsening; the sample's p points are p of its purchases, drawn once
        // and coarsened for every coarsening, so that a coarser resolution of the same purchases can only match more.
        List<Dataset<Row>> perCoarsening = new ArrayList<>();
        for (Unicity.Coarsening coarsening : settings.coarsenings()) {
            perCoarsening.add(seen.select(col("entity"), col("entity_kind"), lit(coarsening.label()).as("coarsening"),
                    col("profile"), col("txn_id"), point(coarsening).as("point")));
        }
        perCoarsening.stream().reduce(Dataset::unionByName).orElseThrow()
                .filter(col("point").isNotNull()).write().parquet(scratch + "/points");
        Dataset<Row> points = spark.read().parquet(scratch + "/points");
        Dataset<Row> traces = points.select("entity", "entity_kind", "coarsening", "profile", "point").distinct();

        int maxPoints = settings.maxPoints();
        Dataset<Row> sampled = seen.select("entity", "entity_kind", "profile").distinct()
                .withColumn("order", random.hash("unicity-sample", col("entity"), col("profile")))
                .withColumn("rank", row_number().over(Window.partitionBy("entity").orderBy(col("order"), col("profile"))))
                .filter(col("rank").leq(settings.sampleSize()))
                .select("entity", "entity_kind", "profile");
        Dataset<Row> purchasesDrawn = seen.select("entity", "profile", "txn_id").distinct()
                .join(sampled.drop("entity_kind"), new String[]{"entity", "profile"})
                .withColumn("order", random.hash("unicity-points", col("entity"), col("profile"), col("txn_id")))
                .withColumn("r", row_number().over(Window.partitionBy("entity", "profile").orderBy(col("order"), col("txn_id"))))
                .filter(col("r").leq(maxPoints))
                .select("entity", "profile", "txn_id", "r");
        points.join(purchasesDrawn, new String[]{"entity", "profile", "txn_id"})
                .select(col("entity"), col("coarsening"), col("profile").as("sample"), col("point"), col("r"))
                .write().parquet(scratch + "/drawn");
        Dataset<Row> drawn = spark.read().parquet(scratch + "/drawn");
        Dataset<Row> index = traces.select(col("entity"), col("coarsening"), col("profile").as("candidate"), col("point"));

        // Each step is written to scratch and read back, so that the plan does not grow with the steps.
        List<Dataset<Row>> firstUnique = new ArrayList<>();
        Dataset<Row> ambiguous = null;
        for (int r = 1; r <= maxPoints; r++) {
            Dataset<Row> pointR = drawn.filter(col("r").equalTo(r)).drop("r");
            String step = scratch + "/r" + r;
            if (ambiguous == null) {
                pointR.join(index, new String[]{"entity", "coarsening", "point"})
                        .select("entity", "coarsening", "sample", "candidate").write().parquet(step + "/matching");
            } else {
                ambiguous.join(pointR, new String[]{"entity", "coarsening", "sample"})
                        .join(index, new String[]{"entity", "coarsening", "candidate", "point"})
                        .select("entity", "coarsening", "sample", "candidate").write().parquet(step + "/matching");
            }
            Dataset<Row> matched = spark.read().parquet(step + "/matching");
            matched.groupBy("entity", "coarsening", "sample").agg(count(lit(1)).as("matches")).write().parquet(step + "/counts");
            Dataset<Row> counts = spark.read().parquet(step + "/counts");
            firstUnique.add(counts.filter(col("matches").equalTo(1))
                    .select(col("entity"), col("coarsening"), col("sample"), lit(r).as("unique_from")));
            Dataset<Row> stillAmbiguous = counts.filter(col("matches").gt(1));
            if (stillAmbiguous.isEmpty()) {
                break;
            }
            ambiguous = matched.join(stillAmbiguous, new String[]{"entity", "coarsening", "sample"}, "left_semi");
        }
        Dataset<Row> perSample = drawn.groupBy("entity", "coarsening", "sample").agg(max("r").as("points"))
                .join(firstUnique.stream().reduce(Dataset::unionByName).orElseThrow(), new String[]{"entity", "coarsening", "sample"}, "left")
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<Dataset<Row>> perP = new ArrayList<>();
        for (int p = 1; p <= maxPoints; p++) {
            perP.add(perSample.filter(col("points").geq(p))
                    .groupBy("entity", "coarsening").agg(count(lit(1)).as("sampled"),
                            count(when(col("unique_from").leq(p), lit(1))).as("unique"))
                    .withColumn("p", lit(p)));
        }
        Dataset<Row> entities = sampled.select("entity", "entity_kind").distinct();
        perP.stream().reduce(Dataset::unionByName).orElseThrow()
                .join(entities, "entity")
                .select(col("entity"), col("entity_kind"), col("coarsening"), col("p"), col("sampled"), col("unique"),
                        col("unique").cast("double").divide(col("sampled")).as("unicity"))
                .write().parquet(dir);
        perSample.unpersist();
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
