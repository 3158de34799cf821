package org.paylens.generate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.paylens.logs.LogFormats;
import org.paylens.logs.PosJsonLog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The raw logs the simulation's tasks write themselves ({@link org.paylens.logs.LogFormat#writtenByTasks}): the
 * chains' point-of-sale logs. One job simulates the consumers again (the world is a function of the scenario, so
 * the purchases are those of truth/transactions, without reading it back) and each task writes its receipts, a
 * file per chain, committed as {@link TaskFile}s.
 */
final class LogWriter {
    private static final int BUFFER_BYTES = 1 << 16;

    private LogWriter() {
    }

    /** Writes every chain's point-of-sale log to raw/LOG; returns the records written. */
    static long writePosLogs(SparkSession spark, WorldModel world, long[][] victims, long consumers,
                             JavaRDD<long[]> consumerRanges, String raw) {
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext(),
                spark.sparkContext().hadoopConfiguration());
        long records = consumerRanges.mapPartitions(new Task(world, victims, consumers, raw, conf)).collect().stream()
                .mapToLong(Long::longValue).sum();
        conf.destroy();
        return records;
    }

    /** The receipt of a purchase, in the one instance the task reuses. */
    private static PosJsonLog.Receipt receipt(ConsumerSimulation c, ConsumerSimulation.Purchase p, PosJsonLog.Receipt receipt) {
        WorldModel w = c.world();
        int chain = p.chain;
        receipt.receipt = p.txnId;
        receipt.epochSeconds = p.tsSeconds;
        receipt.store = w.merchantId(chain, c.region, p.store);
        receipt.chain = w.chains[chain];
        receipt.total = p.amountYen;
        receipt.method = w.schemes[p.scheme];
        receipt.programme = p.loyalty < 0 ? null : w.loyalty[p.loyalty];
        receipt.member = p.loyalty < 0 ? null : WorldModel.pseudonym(w.loyaltyOperatorRef[p.loyalty], c.consumerId);
        receipt.items = p.itemCount;
        for (int item = 0; item < p.itemCount; item++) {
            receipt.categories[item] = w.categories[chain][p.categories[item]];
            receipt.prices[item] = p.prices[item];
        }
        receipt.fault = w.posFault[chain] == null ? null : w.posFault[chain].of(p.txnId);
        return receipt;
    }

    private static final class Task implements FlatMapFunction<Iterator<long[]>, Long> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long[][] victims;
        private final long consumers;
        private final String raw;
        private final Broadcast<SerializableConfiguration> conf;

        Task(WorldModel world, long[][] victims, long consumers, String raw, Broadcast<SerializableConfiguration> conf) {
            this.world = world;
            this.victims = victims;
            this.consumers = consumers;
            this.raw = raw;
            this.conf = conf;
        }

        @Override
        public Iterator<Long> call(Iterator<long[]> ranges) throws IOException {
            WorldModel w = world;
            TaskContext context = TaskContext.get();
            Configuration hadoop = conf.value().value();
            // A chain's file is opened at its first receipt: a log without records is an empty directory.
            TaskFile[] files = new TaskFile[w.chains.length];
            OutputStream[] outs = new OutputStream[w.chains.length];
            long[] written = new long[w.chains.length];
            try {
                ConsumerSimulation c = new ConsumerSimulation(w, victims, consumers);
                PosJsonLog.Receipt receipt = new PosJsonLog.Receipt(ConsumerSimulation.MAX_ITEMS);
                while (ranges.hasNext()) {
                    long[] range = ranges.next();
                    for (long id = range[0]; id < range[1]; id++) {
                        c.simulate(id, true);
                        for (int i = 0; i < c.purchaseCount; i++) {
                            int chain = c.purchases.get(i).chain;
                            if (outs[chain] == null) {
                                files[chain] = new TaskFile(hadoop, new Path(raw, LogFormats.posLog(w.chains[chain])),
                                        context.partitionId(), context.attemptNumber(), ".txt");
                                outs[chain] = new BufferedOutputStream(files[chain].fileSystem().create(files[chain].hidden, true),
                                        BUFFER_BYTES);
                            }
                            receipt(c, c.purchases.get(i), receipt).writeTo(outs[chain]);
                            written[chain]++;
                        }
                    }
                }
                List<Long> logs = new ArrayList<>();
                for (int chain = 0; chain < files.length; chain++) {
                    if (files[chain] != null) {
                        outs[chain].close();
                        files[chain].commit();
                        logs.add(written[chain]);
                    }
                }
                return logs.iterator();
            } catch (IOException | RuntimeException e) {
                for (int chain = 0; chain < files.length; chain++) {
                    if (files[chain] != null) {
                        try {
                            outs[chain].close();
                        } catch (IOException ignored) {
                            // the task's own failure is what gets reported
                        }
                        files[chain].abort();
                    }
                }
                throw e;
            }
        }
    }
}
