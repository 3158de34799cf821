package org.paylens.generate;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.logs.LogFormats;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The world, simulated by Spark tasks. Partitions hold ranges of consumers; each task simulates its consumers one by
 * one in plain Java ({@link ConsumerSimulation}) and writes their truth itself ({@link TruthWriter}). Every value is
 * drawn from {@link Rng} keyed by the entity it belongs to, so every table is the same on one core or many, whatever
 * the partitioning. The raw logs come from a second pass of the same simulation ({@link LogWriter}): the same
 * purchases, with what each log holds of them beyond the truth (the basket, the ids each operator knows the payer
 * by, the faults of its records).
 */
public final class WorldGenerator {
    private static final long CONSUMERS_PER_PARTITION = 20_000;

    private static final StructType SPEND = new StructType()
            .add("scheme", DataTypes.StringType).add("yen", DataTypes.LongType);

    private final SparkSession spark;
    private final Scenario scenario;
    private final WorldModel world;
    private long[][] victims;

    public WorldGenerator(SparkSession spark, Scenario scenario) {
        this.spark = spark;
        this.scenario = scenario;
        this.world = new WorldModel(scenario);
    }

    /**
     * Simulates every consumer again and writes every log to raw/LOG in its format, in one job whose tasks write
     * the files ({@link LogWriter}).
     */
    public void writeTaskLogs(List<LogFormats.Log> logs, String raw) {
        LogWriter.write(spark, world, victims(), scenario.population().consumers(), consumerRanges(),
                LogWriter.Plan.of(world, logs), raw);
    }

    /**
     * Simulates every consumer and writes truth/consumers, transactions, basket_items, topups, faults and id_map
     * under dir, in one job whose tasks write the files ({@link TruthWriter}); returns each table's
     * {@link GenerateStage#fingerprint}.
     */
    public Map<String, String> writeTruth(String dir) {
        return TruthWriter.write(spark, world, victims(), scenario.population().consumers(), consumerRanges(), dir);
    }

    /** The yen of genuine purchases paid with each scheme, the world simulated but not written: for fitting weights. */
    public Map<String, Long> genuineSpendByScheme() {
        long consumers = scenario.population().consumers();
        Map<String, Long> spend = new LinkedHashMap<>();
        for (Row row : spark.range(0, consumers, 1, partitions())
                .mapPartitions(new GenuineSpend(world, victims(), consumers), Encoders.row(SPEND)).collectAsList()) {
            spend.merge(row.getString(0), row.getLong(1), Long::sum);
        }
        return spend;
    }

    /**
     * The consumers' ids in {@link #partitions} ranges [first, end), one a partition, as an RDD: the jobs that
     * simulate and write run on Spark's core alone, with no query to plan.
     */
    private JavaRDD<long[]> consumerRanges() {
        long consumers = scenario.population().consumers();
        int partitions = partitions();
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ranges.add(new long[]{consumers * i / partitions, consumers * (i + 1) / partitions});
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ranges, partitions);
    }

    private int partitions() {
        long consumers = scenario.population().consumers();
        return (int) Math.max(spark.sparkContext().defaultParallelism(), consumers / CONSUMERS_PER_PARTITION);
    }

    /**
     * The victims of each breach: exactly round(victimShare × users) of the scheme's users on the breach's first day,
     * at least one when it has users, so that the rate is right wherever the world is big enough to show it and a
     * small world still shows the breach. The users with the lowest draws (then ids) are taken. Two small jobs on
     * Spark's core: the users counted, then each task's lowest draws merged on the driver.
     */
    private long[][] victims() {
        if (victims != null) {
            return victims;
        }
        int breaches = world.breached.length;
        long[][] found = new long[breaches][];
        if (breaches > 0) {
            long consumers = scenario.population().consumers();
            long[] users = consumerRanges().map(new BreachUsers(world, consumers)).reduce(WorldGenerator::plus);
            List<SchemeSpec> specs = List.copyOf(scenario.schemes().values());
            int[] wanted = new int[breaches];
            for (int b = 0; b < breaches; b++) {
                double share = specs.get(world.breached[b]).events().breach().victimShare();
                wanted[b] = (int) Math.min(Integer.MAX_VALUE, users[b] == 0 ? 0 : Math.max(1, Math.round(share * users[b])));
            }
            List<VictimDraw[]> lowest = consumerRanges().map(new LowestDraws(world, consumers, wanted)).collect();
            for (int b = 0; b < breaches; b++) {
                int breach = b;
                found[b] = lowest.stream().flatMap(drawn -> Arrays.stream(drawn).filter(d -> d.breach() == breach))
                        .sorted().limit(wanted[b]).mapToLong(VictimDraw::consumerId).sorted().toArray();
            }
        }
        victims = found;
        return victims;
    }

    private static long[] plus(long[] a, long[] b) {
        long[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }

    /** A breach's user and the draw that ranks them for it, ordered by draw then id. */
    private record VictimDraw(int breach, double draw, long consumerId) implements Comparable<VictimDraw>, java.io.Serializable {
        @Override
        public int compareTo(VictimDraw other) {
            int byDraw = Double.compare(draw, other.draw);
            return byDraw != 0 ? byDraw : Long.compare(consumerId, other.consumerId);
        }
    }

    /** Each breach's users on its first day among a range of consumers. */
    private static final class BreachUsers implements Function<long[], long[]> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long consumers;

        BreachUsers(WorldModel world, long consumers) {
            this.world = world;
            this.consumers = consumers;
        }

        @Override
        public long[] call(long[] range) {
            WorldModel w = world;
            ConsumerSimulation c = new ConsumerSimulation(w, new long[w.breached.length][], consumers);
            long[] users = new long[w.breached.length];
            for (long id = range[0]; id < range[1]; id++) {
                c.person(id);
                for (int b = 0; b < w.breached.length; b++) {
                    if (c.heldFrom[w.breached[b]] <= w.breachFirst[b]) {
                        users[b]++;
                    }
                }
            }
            return users;
        }
    }

    /** The lowest draws of each breach's users among a range of consumers: as many as the breach takes, at most. */
    private static final class LowestDraws implements Function<long[], VictimDraw[]> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long consumers;
        private final int[] wanted;

        LowestDraws(WorldModel world, long consumers, int[] wanted) {
            this.world = world;
            this.consumers = consumers;
            this.wanted = wanted;
        }

        @Override
        public VictimDraw[] call(long[] range) {
            WorldModel w = world;
            ConsumerSimulation c = new ConsumerSimulation(w, new long[w.breached.length][], consumers);
            List<PriorityQueue<VictimDraw>> lowest = new ArrayList<>();
            for (int b = 0; b < w.breached.length; b++) {
                lowest.add(new PriorityQueue<>(Comparator.reverseOrder())); // the highest kept on top, to be dropped
            }
            for (long id = range[0]; id < range[1]; id++) {
                c.person(id);
                for (int b = 0; b < w.breached.length; b++) {
                    if (wanted[b] > 0 && c.heldFrom[w.breached[b]] <= w.breachFirst[b]) {
                        PriorityQueue<VictimDraw> kept = lowest.get(b);
                        kept.add(new VictimDraw(b, c.victimDraw(w.breached[b]), id));
                        if (kept.size() > wanted[b]) {
                            kept.poll();
                        }
                    }
                }
            }
            return lowest.stream().flatMap(PriorityQueue::stream).toArray(VictimDraw[]::new);
        }
    }

    /** A store or online site, as truth/merchants has it: region null online; accepted, the schemes it accepts. */
    public record Merchant(String merchantId, String chain, String name, String operator, String region, boolean online,
                           String category, List<String> accepted) {
    }

    /**
     * Every store (or online site) purchases can be made at, the chain's largest category as its category. Its ids
     * are exactly those the simulation draws from.
     */
    public List<Merchant> merchants() {
        List<Merchant> merchants = new ArrayList<>();
        List<String> regions = List.copyOf(scenario.population().regions().keySet());
        int c = 0;
        for (Map.Entry<String, ChainSpec> entry : scenario.chains().entrySet()) {
            ChainSpec chain = entry.getValue();
            String category = chain.categories().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            List<String> accepted = new ArrayList<>();
            for (int s = 0; s < world.schemes.length; s++) {
                if (world.accepted[s][c]) {
                    accepted.add(world.schemes[s]);
                }
            }
            for (int r = 0; r < (chain.online() ? 1 : regions.size()); r++) {
                for (int store = 0; store < world.storesIn[c][r]; store++) {
                    merchants.add(new Merchant(world.merchantId(c, r, store), entry.getKey(), chain.name(), chain.operator(),
                            chain.online() ? null : regions.get(r), chain.online(), category, List.copyOf(accepted)));
                }
            }
            c++;
        }
        return merchants;
    }

    /** Writes truth/merchants to dir, from the driver (a store is a few dozen bytes); returns its fingerprint. */
    public String writeMerchants(String dir) {
        return TruthWriter.writeMerchants(spark, merchants(), dir);
    }

    /** A task's genuine spend by scheme. */
    private static final class GenuineSpend implements MapPartitionsFunction<Long, Row> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long[][] victims;
        private final long consumers;

        GenuineSpend(WorldModel world, long[][] victims, long consumers) {
            this.world = world;
            this.victims = victims;
            this.consumers = consumers;
        }

        @Override
        public Iterator<Row> call(Iterator<Long> ids) {
            ConsumerSimulation c = new ConsumerSimulation(world, victims, consumers);
            long[] yen = new long[world.schemes.length];
            while (ids.hasNext()) {
                c.simulate(ids.next(), false);
                for (int i = 0; i < c.purchaseCount; i++) {
                    ConsumerSimulation.Purchase p = c.purchases.get(i);
                    if (!p.fraud) {
                        yen[p.scheme] += p.amountYen;
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int s = 0; s < yen.length; s++) {
                rows.add(RowFactory.create(world.schemes[s], yen[s]));
            }
            return rows.iterator();
        }
    }
}
