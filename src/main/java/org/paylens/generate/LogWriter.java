package org.paylens.generate;

import org.paylens.pipeline.TaskFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.paylens.logs.LogFormat;
import org.paylens.logs.LogFormats;
import org.paylens.logs.RawRecord;
import org.paylens.logs.RecordFile;
import org.paylens.scenario.TopupSource;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Every raw log, written by the simulation's tasks in each log's format ({@link LogFormat#open}). One job
 * simulates the consumers again (the world is a function of the scenario, so the purchases are those of
 * truth/transactions, without reading it back) and each task writes its records of each log into a file of its
 * own, committed as a {@link TaskFile}: every purchase in its chain's point-of-sale log, in its scheme's payment
 * log, and the top-up it needed in its scheme's top-up log.
 */
final class LogWriter {
    private static final int BUFFER_BYTES = 1 << 16;

    /** The logs by position, and which of them each chain and scheme writes to (-1: none). */
    record Plan(String[] names, String[] formats, int[] posLog, int[] paymentLog, int[] topupLog) implements Serializable {
        static Plan of(WorldModel world, List<LogFormats.Log> logs) {
            List<String> names = new ArrayList<>();
            List<String> formats = new ArrayList<>();
            int[] pos = filled(world.chains.length);
            int[] payment = filled(world.schemes.length);
            int[] topup = filled(world.schemes.length);
            List<String> chains = List.of(world.chains);
            List<String> schemes = List.of(world.schemes);
            for (LogFormats.Log log : logs) {
                int slot = names.size();
                names.add(log.name());
                formats.add(log.format().id());
                switch (log.kind()) {
                    case POS -> pos[chains.indexOf(log.subject())] = slot;
                    case PAYMENT -> payment[schemes.indexOf(log.subject())] = slot;
                    case TOPUP -> topup[schemes.indexOf(log.subject())] = slot;
                }
            }
            return new Plan(names.toArray(String[]::new), formats.toArray(String[]::new), pos, payment, topup);
        }

        private static int[] filled(int length) {
            int[] none = new int[length];
            Arrays.fill(none, -1);
            return none;
        }
    }

    private LogWriter() {
    }

    /** Writes the logs of the plan to raw/LOG; returns the records written. */
    static long write(SparkSession spark, WorldModel world, long[][] victims, long consumers, JavaRDD<long[]> consumerRanges,
                      Plan plan, String raw) {
        if (plan.names().length == 0) {
            return 0;
        }
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext(),
                spark.sparkContext().hadoopConfiguration());
        long records = consumerRanges.mapPartitions(new Task(world, victims, consumers, plan, raw, conf)).collect().stream()
                .mapToLong(Long::longValue).sum();
        conf.destroy();
        return records;
    }

    private static final class Task implements FlatMapFunction<Iterator<long[]>, Long> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long[][] victims;
        private final long consumers;
        private final Plan plan;
        private final String raw;
        private final Broadcast<SerializableConfiguration> conf;

        Task(WorldModel world, long[][] victims, long consumers, Plan plan, String raw, Broadcast<SerializableConfiguration> conf) {
            this.world = world;
            this.victims = victims;
            this.consumers = consumers;
            this.plan = plan;
            this.raw = raw;
            this.conf = conf;
        }

        @Override
        public Iterator<Long> call(Iterator<long[]> ranges) throws IOException {
            Files files = new Files(plan, raw, conf.value().value(), TaskContext.get());
            try {
                ConsumerSimulation c = new ConsumerSimulation(world, victims, consumers);
                Records records = new Records(world, c);
                while (ranges.hasNext()) {
                    long[] range = ranges.next();
                    for (long id = range[0]; id < range[1]; id++) {
                        c.simulate(id, true);
                        for (int i = 0; i < c.purchaseCount; i++) {
                            ConsumerSimulation.Purchase p = c.purchases.get(i);
                            int pos = plan.posLog()[p.chain];
                            if (pos >= 0) {
                                files.write(pos, records.receipt(p));
                            }
                            int payment = plan.paymentLog()[p.scheme];
                            if (payment >= 0) {
                                files.write(payment, records.payment(p));
                            }
                            int topup = plan.topupLog()[p.scheme];
                            if (topup >= 0 && p.topupYen > 0) {
                                files.write(topup, records.topup(p));
                            }
                        }
                    }
                }
                return List.of(files.commit()).iterator();
            } catch (IOException | RuntimeException e) {
                files.abort();
                throw e;
            }
        }
    }

    /** A task's file of each log, opened at the log's first record: a log without records is an empty directory. */
    private static final class Files {
        private final Plan plan;
        private final String raw;
        private final Configuration hadoop;
        private final TaskContext context;
        private final LogFormat[] formats;
        private final TaskFile[] files;
        private final RecordFile[] outs;
        private long records;

        Files(Plan plan, String raw, Configuration hadoop, TaskContext context) {
            this.plan = plan;
            this.raw = raw;
            this.hadoop = hadoop;
            this.context = context;
            this.formats = Arrays.stream(plan.formats()).map(LogFormats::byId).toArray(LogFormat[]::new);
            this.files = new TaskFile[formats.length];
            this.outs = new RecordFile[formats.length];
        }

        void write(int log, RawRecord record) throws IOException {
            if (outs[log] == null) {
                files[log] = new TaskFile(hadoop, new Path(raw, plan.names()[log]), context.partitionId(), context.attemptNumber(),
                        formats[log].fileExtension());
                outs[log] = formats[log].open(new BufferedOutputStream(files[log].fileSystem().create(files[log].hidden, true), BUFFER_BYTES));
            }
            outs[log].write(record);
            records++;
        }

        /** Closes and commits every file; returns the records written. */
        long commit() throws IOException {
            for (int log = 0; log < files.length; log++) {
                if (files[log] != null) {
                    outs[log].close();
                    files[log].commit();
                }
            }
            return records;
        }

        void abort() {
            for (int log = 0; log < files.length; log++) {
                if (files[log] != null) {
                    try {
                        outs[log].close();
                    } catch (IOException ignored) {
                        // the task's own failure is what gets reported
                    }
                    files[log].abort();
                }
            }
        }
    }

    /** A purchase's records as each kind of log has them, in one reused {@link RawRecord}. */
    private static final class Records {
        private final WorldModel w;
        private final ConsumerSimulation c;
        private final RawRecord record = new RawRecord(ConsumerSimulation.MAX_ITEMS);

        Records(WorldModel world, ConsumerSimulation consumer) {
            this.w = world;
            this.c = consumer;
        }

        private RawRecord clear() {
            RawRecord r = record;
            r.merchantId = r.chain = r.statementName = r.payerRef = r.fundingOperator = r.fundingRef = null;
            r.loyalty = r.loyaltyRef = r.topupSource = r.fault = null;
            r.items = 0;
            return r;
        }

        /** The chain's receipt: every purchase, with its basket and the points card scanned. */
        RawRecord receipt(ConsumerSimulation.Purchase p) {
            RawRecord r = clear();
            int chain = p.chain;
            r.txnId = p.txnId;
            r.epochSeconds = p.tsSeconds;
            r.merchantId = w.merchantId(chain, c.region, p.store);
            r.chain = w.chains[chain];
            r.amountYen = p.amountYen;
            r.scheme = w.schemes[p.scheme];
            r.loyalty = p.loyalty < 0 ? null : w.loyalty[p.loyalty];
            r.loyaltyRef = p.loyalty < 0 ? null : WorldModel.pseudonym(w.loyaltyOperatorRef[p.loyalty], c.consumerId);
            r.items = p.itemCount;
            for (int item = 0; item < p.itemCount; item++) {
                r.categories[item] = w.categories[chain][p.categories[item]];
                r.prices[item] = p.prices[item];
            }
            r.fault = w.posFault[chain] == null ? null : w.posFault[chain].of(p.txnId);
            return r;
        }

        /**
         * The scheme operator's payment: its id of the payer, and the account debited at the time of purchase (the
         * bank for a direct debit, the issuer for credit) with that operator's id of the payer.
         */
        RawRecord payment(ConsumerSimulation.Purchase p) {
            RawRecord r = schemeRecord(p);
            int s = p.scheme;
            r.epochSeconds = p.tsSeconds;
            r.merchantId = w.merchantId(p.chain, c.region, p.store);
            r.chain = w.chains[p.chain];
            r.statementName = w.statementName[p.chain];
            r.amountYen = p.amountYen;
            switch (w.funding[s]) {
                case DIRECT -> funding(r, w.banks[c.bank], w.bankRef[c.bank]);
                case CREDIT -> {
                    if (c.issuer >= 0) {
                        funding(r, w.issuers[c.issuer], w.issuerRef[c.issuer]);
                    }
                }
                case CASH, TOPUP -> {
                }
            }
            r.fault = w.paymentFault[s] == null ? null : w.paymentFault[s].of(p.txnId);
            return r;
        }

        /**
         * The top-up the purchase needed, just before it: from the bank, the card (attackers top up taken-over
         * accounts with cards) or cash; its id is the purchase's.
         */
        RawRecord topup(ConsumerSimulation.Purchase p) {
            RawRecord r = schemeRecord(p);
            int s = p.scheme;
            r.epochSeconds = p.tsSeconds - TruthWriter.TOPUP_LEAD_SECONDS;
            r.amountYen = p.topupYen;
            r.topupSource = p.fraud ? TopupSource.CARD.id() : w.topupSource[s];
            if (TopupSource.BANK.id().equals(r.topupSource)) {
                funding(r, w.banks[c.bank], w.bankRef[c.bank]);
            } else if (TopupSource.CARD.id().equals(r.topupSource)) {
                if (c.issuer >= 0) {
                    funding(r, w.issuers[c.issuer], w.issuerRef[c.issuer]);
                } else {
                    funding(r, w.banks[c.bank], w.bankRef[c.bank]);
                }
            }
            r.fault = w.topupFault[s] == null ? null : w.topupFault[s].of(p.txnId);
            return r;
        }

        /** A record of the purchase's scheme operator: the purchase's id, the scheme and its operator's id of the payer. */
        private RawRecord schemeRecord(ConsumerSimulation.Purchase p) {
            RawRecord r = clear();
            r.txnId = p.txnId;
            r.scheme = w.schemes[p.scheme];
            r.payerRef = WorldModel.pseudonym(w.schemeOperatorRef[p.scheme], c.consumerId);
            return r;
        }

        private void funding(RawRecord r, String operator, long[] operatorKeys) {
            r.fundingOperator = operator;
            r.fundingRef = WorldModel.pseudonym(operatorKeys, c.consumerId);
        }
    }
}
