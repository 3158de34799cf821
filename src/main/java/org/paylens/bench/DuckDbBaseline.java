package org.paylens.bench;

import org.apache.commons.io.FileUtils;
import org.paylens.ingest.IngestStage;
import org.paylens.logs.MerchantRegistry;
import org.paylens.measure.AnalyzeStage;
import org.paylens.observe.VisibilityModel;
import org.paylens.pipeline.OutputDir;
import org.paylens.scenario.Unicity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headline measures computed again, outside Spark, by DuckDB from the same Parquet the measures stage reads:
 * observations/ (what each operator sees), the canonical purchases, the truth's owner of each purchase, the merchant
 * registry, and the profiles unicity sampled (metrics/unicity_sample: the sample is drawn by a hash DuckDB does not
 * have, so it is read rather than drawn again). Whole period, operators only (alliances need the id components of
 * the observe stage). What Spark computes besides (months, alliances, fidelity, every p and coarsening) is not here,
 * so the time is that of a smaller job; docs/BENCHMARKS.md says so beside the ratio.
 */
public final class DuckDbBaseline {
    /** The p whose unicity count is cross-checked. */
    public static final int UNICITY_P = 4;

    /**
     * One operator's measures over the whole period.
     *
     * @param depthMedian     the exact median of profile depth (quantile_disc)
     * @param depthP90        the exact 90th percentile
     * @param sparkDepthRanks q → where Spark's q-quantile falls in this distribution
     * @param unicitySampled  sampled profiles with {@link #UNICITY_P} points (whole period, first coarsening)
     * @param unicityUnique   of them, those their first {@link #UNICITY_P} points single out
     */
    public record OperatorMeasures(long linkedSpendYen, long linkedTxns, long linkedItems, long reachedConsumers,
                                   double spendCoverage, double txnCoverage, double itemCoverage, double consumerReach,
                                   double depthMedian, double depthP90, Map<Double, Rank> sparkDepthRanks,
                                   long unicitySampled, long unicityUnique) {
    }

    /**
     * A value's place in a distribution of n values: {@code below} of them are smaller and {@code atOrBelow} are not
     * larger, so the value holds ranks below + 1 … atOrBelow (none if it is not one of the values).
     */
    public record Rank(double value, long below, long atOrBelow, long n) {
    }

    /**
     * @param hhiSpend the HHI of linked spend across operators, 0 … 10,000
     * @param seconds  the wall-clock time of the queries, connection included
     */
    public record Result(String version, int threads, double seconds, Map<String, OperatorMeasures> operators,
                         double hhiSpend) {
    }

    private DuckDbBaseline() {
    }

    /** The machine's memory less this JVM's maximum heap and 1 GiB for everything else, and at least 1 GiB. */
    static long memoryLimitMiB() {
        long machine = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long mib = 1024L * 1024L;
        return Math.max(1024L, (machine - Runtime.getRuntime().maxMemory()) / mib - 1024L);
    }

    /**
     * @param out       a run whose analyze stage is done, on a local disk
     * @param sparkDepthQuantiles operator → q → Spark's quantile of profile depth, to be placed in DuckDB's
     *                            distribution (after the timed work)
     */
    public static Result run(OutputDir out, Unicity unicity, int threads,
                             Map<String, Map<Double, Double>> sparkDepthQuantiles) {
        Path root = localPath(out);
        Path spill = spillDirectory(root);
        long start = System.nanoTime();
        try (Connection connection = connect(threads, spill);
             Statement sql = connection.createStatement()) {
            String version = single(sql, "SELECT version()");
            sql.execute(view("observations", parquet(root.resolve(OutputDir.OBSERVATIONS).resolve("observations"))));
            sql.execute(view("purchases", parquet(root.resolve(OutputDir.CANONICAL).resolve(IngestStage.TRANSACTIONS))));
            sql.execute(view("owners", parquet(root.resolve(OutputDir.TRUTH).resolve("transactions"))));
            sql.execute(view("consumers", parquet(root.resolve(OutputDir.TRUTH).resolve("consumers"))));
            sql.execute(view("sample", parquet(root.resolve(OutputDir.METRICS).resolve(AnalyzeStage.UNICITY_SAMPLE))));
            sql.execute("CREATE VIEW merchants AS SELECT * FROM read_csv('"
                    + root.resolve(OutputDir.RAW).resolve(MerchantRegistry.DIR) + "/*.csv', header = true, all_varchar = true)");

            // Every purchase once, with the consumer the truth says made it: the denominators.
            sql.execute("CREATE TEMP TABLE owned AS SELECT p.txn_id, p.amount_yen, p.item_count, o.consumer_id "
                    + "FROM purchases p JOIN owners o USING (txn_id)");
            // What each operator holds of each purchase, with its owner (evaluation only).
            sql.execute("CREATE TEMP TABLE held AS SELECT ob.operator, ob.txn_id, ob.consumer_ref, ob.linked, ob.sees_amount, "
                    + "ob.sees_basket, ob.sees_merchant, ob.sees_time, ob.amount_yen, ob.item_count, ob.merchant_id, ob.chain, "
                    + "ob.local_date, o.consumer_id FROM observations ob JOIN owners o USING (txn_id) "
                    + "WHERE ob.record = '" + VisibilityModel.PURCHASE + "'");

            Map<String, long[]> counts = new TreeMap<>();
            Map<String, double[]> ratios = new TreeMap<>();
            try (ResultSet rows = sql.executeQuery("""
                    WITH totals AS (SELECT sum(amount_yen) AS spend, count(*) AS txns, sum(item_count) AS items FROM owned),
                         population AS (SELECT count(*) AS consumers FROM consumers),
                         coverage AS (
                           SELECT operator,
                                  sum(CASE WHEN linked AND sees_amount THEN amount_yen ELSE 0 END) AS linked_spend,
                                  count(*) FILTER (WHERE linked) AS linked_txns,
                                  sum(CASE WHEN linked AND sees_basket THEN item_count ELSE 0 END) AS linked_items,
                                  count(DISTINCT consumer_id) FILTER (WHERE linked) AS reached
                           FROM held GROUP BY operator)
                    SELECT operator, linked_spend, linked_txns, linked_items, reached,
                           linked_spend / spend, linked_txns / txns, linked_items / items, reached / consumers
                    FROM coverage, totals, population""")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), new long[]{rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)});
                    ratios.put(rows.getString(1), new double[]{rows.getDouble(6), rows.getDouble(7), rows.getDouble(8),
                            rows.getDouble(9)});
                }
            }

            // A consumer's profile with an operator: the operator's id of them holding most of their yen.
            sql.execute("""
                    CREATE TEMP TABLE depths AS
                    WITH consumer_spend AS (SELECT consumer_id, sum(amount_yen) AS spend FROM owned GROUP BY consumer_id),
                         profiles AS (
                           SELECT operator, consumer_id, consumer_ref,
                                  sum(CASE WHEN sees_amount THEN amount_yen ELSE 0 END) AS profile_spend
                           FROM held WHERE linked GROUP BY operator, consumer_id, consumer_ref),
                         best AS (SELECT operator, consumer_id, max(profile_spend) AS profile_spend
                                  FROM profiles GROUP BY operator, consumer_id)
                    SELECT b.operator, CASE WHEN c.spend > 0 THEN b.profile_spend / c.spend ELSE 0.0 END AS depth
                    FROM best b JOIN consumer_spend c USING (consumer_id)""");
            Map<String, double[]> exactDepth = new TreeMap<>();
            try (ResultSet rows = sql.executeQuery("SELECT operator, quantile_disc(depth, 0.5), quantile_disc(depth, 0.9) "
                    + "FROM depths GROUP BY operator")) {
                while (rows.next()) {
                    exactDepth.put(rows.getString(1), new double[]{rows.getDouble(2), rows.getDouble(3)});
                }
            }

            // Unicity at p: of the sampled profiles with p points, those whose first p points no other profile of
            // the operator holds all of.
            Map<String, long[]> unicityCounts = new TreeMap<>();
            try (ResultSet rows = sql.executeQuery("""
                    WITH seen AS (
                           SELECT h.operator AS entity, h.operator || '|' || h.consumer_ref AS profile, h.txn_id, %s AS point
                           FROM held h LEFT JOIN merchants m ON m.merchant_id = h.merchant_id
                           WHERE h.linked AND h.sees_merchant AND h.sees_time),
                         points AS (SELECT * FROM seen WHERE point IS NOT NULL),
                         sample_points AS (
                           SELECT s.entity, s.profile, s.r, p.point
                           FROM sample s JOIN points p ON p.entity = s.entity AND p.txn_id = s.txn_id
                           WHERE s.period = 'all' AND s.r <= %d),
                         sampled AS (SELECT entity, profile FROM sample_points GROUP BY entity, profile
                                     HAVING count(DISTINCT r) = %2$d),
                         holders AS (SELECT DISTINCT entity, point, profile AS candidate FROM points),
                         matching AS (
                           SELECT sp.entity, sp.profile, h.candidate
                           FROM sample_points sp JOIN holders h ON h.entity = sp.entity AND h.point = sp.point
                           GROUP BY sp.entity, sp.profile, h.candidate HAVING count(DISTINCT sp.r) = %2$d),
                         matches AS (SELECT entity, profile, count(*) AS n FROM matching GROUP BY entity, profile)
                    SELECT s.entity, count(*), count(*) FILTER (WHERE m.n = 1)
                    FROM sampled s JOIN matches m USING (entity, profile)
                    GROUP BY s.entity""".formatted(pointExpression(unicity.coarsenings().get(0)), UNICITY_P))) {
                while (rows.next()) {
                    unicityCounts.put(rows.getString(1), new long[]{rows.getLong(2), rows.getLong(3)});
                }
            }

            double seconds = (System.nanoTime() - start) / 1e9;

            // Not part of the timed work: where Spark's quantiles fall in DuckDB's distribution of the same depths.
            Map<String, Map<Double, Rank>> ranks = ranks(connection, sparkDepthQuantiles);
            Map<String, OperatorMeasures> operators = new TreeMap<>();
            counts.forEach((operator, c) -> {
                double[] r = ratios.get(operator);
                long[] u = unicityCounts.getOrDefault(operator, new long[2]);
                double[] exact = exactDepth.getOrDefault(operator, new double[2]);
                operators.put(operator, new OperatorMeasures(c[0], c[1], c[2], c[3], r[0], r[1], r[2], r[3],
                        exact[0], exact[1], ranks.getOrDefault(operator, Map.of()),
                        u[0], u[1]));
            });
            double totalLinkedSpend = operators.values().stream().mapToLong(OperatorMeasures::linkedSpendYen).sum();
            double hhi = totalLinkedSpend == 0 ? 0 : operators.values().stream()
                    .mapToDouble(m -> Math.pow(100.0 * m.linkedSpendYen() / totalLinkedSpend, 2)).sum();
            return new Result(version, threads, seconds, operators, hhi);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB baseline on " + root + " (spilling to " + spill + "): " + e.getMessage(), e);
        } finally {
            FileUtils.deleteQuietly(spill.toFile());
        }
    }

    /**
     * An in-memory DuckDB that spills beside the run. Left to itself it spills into ".tmp" under the working directory,
     * wherever the user happens to be; at 100M purchases that was about 19 GB (2026-12-08).
     */
    static Connection connect(int threads, Path spill) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement sql = connection.createStatement()) {
            sql.execute("SET threads = " + threads);
            sql.execute("SET preserve_insertion_order = false");
            // DuckDB takes 80% of the machine's memory by default, on top of this JVM's heap (which Spark has filled
            // by now): at 100M purchases the two together could outgrow the machine. It gets what the heap leaves.
            sql.execute("SET memory_limit = '" + memoryLimitMiB() + "MiB'");
            sql.execute("SET temp_directory = '" + spill.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A new, empty directory next to the run for DuckDB's spill files; removed when the baseline is done. */
    static Path spillDirectory(Path run) {
        Path beside = run.toAbsolutePath().getParent();
        try {
            return Files.createTempDirectory(beside, "duckdb-spill-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make DuckDB's spill directory in " + beside, e);
        }
    }

    /**
     * A point as the unicity measure defines it (docs/metrics.md), as a string: equal strings are the same point. The
     * text need not be Spark's, only the equality.
     */
    static String pointExpression(Unicity.Coarsening coarsening) {
        String place = switch (coarsening.place()) {
            case MERCHANT -> "h.merchant_id";
            case CHAIN -> "coalesce(m.chain, h.chain)";
            case CATEGORY -> "m.category";
            case REGION -> "m.region";
        };
        String time = switch (coarsening.time()) {
            case DAY -> "CAST(h.local_date AS VARCHAR)";
            case WEEK -> "CAST(CAST(date_trunc('week', h.local_date) AS DATE) AS VARCHAR)";
            case MONTH -> "strftime(h.local_date, '%Y-%m')";
        };
        String point = "concat_ws('|', " + place + ", " + time + ")";
        if (coarsening.priceBinYen() != null) {
            point = "CASE WHEN h.sees_amount THEN concat_ws('|', " + point + ", CAST(floor(h.amount_yen / "
                    + coarsening.priceBinYen() + ") AS BIGINT)) ELSE " + point + " END";
        }
        return "CASE WHEN " + place + " IS NOT NULL THEN " + point + " END";
    }

    private static Map<String, Map<Double, Rank>> ranks(Connection connection, Map<String, Map<Double, Double>> values)
            throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TEMP TABLE located (operator VARCHAR, q DOUBLE, value DOUBLE)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO located VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Map<Double, Double>> operator : values.entrySet()) {
                for (Map.Entry<Double, Double> quantile : operator.getValue().entrySet()) {
                    insert.setString(1, operator.getKey());
                    insert.setDouble(2, quantile.getKey());
                    insert.setDouble(3, quantile.getValue());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        Map<String, Map<Double, Rank>> ranks = new TreeMap<>();
        try (Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT l.operator, l.q, l.value, count(d.depth) FILTER (WHERE d.depth < l.value), "
                     + "count(d.depth) FILTER (WHERE d.depth <= l.value), count(d.depth) "
                     + "FROM located l LEFT JOIN depths d ON d.operator = l.operator GROUP BY l.operator, l.q, l.value")) {
            while (rows.next()) {
                ranks.computeIfAbsent(rows.getString(1), o -> new TreeMap<>()).put(rows.getDouble(2),
                        new Rank(rows.getDouble(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)));
            }
        }
        return ranks;
    }

    private static String view(String name, String source) {
        return "CREATE VIEW " + name + " AS SELECT * FROM " + source;
    }

    /** A directory of Parquet files Spark wrote, month=… partitions included. */
    private static String parquet(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: the run's stages are not all done");
        }
        return "read_parquet('" + dir + "/**/*.parquet', hive_partitioning = true)";
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Path localPath(OutputDir out) {
        java.net.URI uri = out.path().toUri();
        if (!"file".equals(uri.getScheme())) {
            throw new IllegalStateException("the DuckDB baseline reads a local directory, not " + out.display());
        }
        return Path.of(uri);
    }
}
