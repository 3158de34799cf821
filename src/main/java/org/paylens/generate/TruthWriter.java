package org.paylens.generate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.paylens.generate.TruthFile.Field;
import org.paylens.generate.TruthFile.Fingerprint;
import org.paylens.generate.TruthFile.ListOf;
import org.paylens.generate.TruthFile.Schema;
import org.paylens.generate.TruthFile.StructOf;
import org.paylens.scenario.TopupSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.paylens.generate.TruthFile.Primitive.BOOLEAN;
import static org.paylens.generate.TruthFile.Primitive.DATE;
import static org.paylens.generate.TruthFile.Primitive.INT;
import static org.paylens.generate.TruthFile.Primitive.LONG;
import static org.paylens.generate.TruthFile.Primitive.STRING;
import static org.paylens.generate.TruthFile.Primitive.TIMESTAMP;

/**
 * The truth tables the simulation makes, written by the simulation's own tasks in one Spark job: each task
 * simulates its range of consumers and writes, as it goes, its part of truth/consumers, transactions,
 * basket_items, topups, faults and id_map, then hands the driver each part's fingerprint. The flat tables, nearly
 * all the rows, are kept a column at a time and encoded a page at a time ({@link ColumnarTruthFile}); truth/consumers,
 * with its lists, goes through parquet-mr's record writer ({@link TruthFile}). No row passes through Spark's
 * encoders or a second reading of the purchases.
 */
final class TruthWriter {
    /** Top-ups happen this long before the purchase that needed them. */
    static final int TOPUP_LEAD_SECONDS = 120;
    private static final long MICROS = 1_000_000L;

    static final Schema CONSUMERS = Schema.of("consumers",
            new Field("consumer_id", LONG), new Field("region", STRING), new Field("age_band", STRING),
            new Field("income_band", STRING), new Field("bank", STRING), new Field("card_holder", BOOLEAN),
            new Field("card_issuer", STRING),
            new Field("schemes", new ListOf(new StructOf(List.of(new Field("scheme", STRING), new Field("from", DATE))))),
            new Field("loyalty_cards", new ListOf(STRING)));
    static final Schema TRANSACTIONS = Schema.of("transactions",
            new Field("txn_id", LONG), new Field("consumer_id", LONG), new Field("region", STRING), new Field("bank", STRING),
            new Field("card_issuer", STRING), new Field("local_date", DATE), new Field("ts", TIMESTAMP),
            new Field("merchant_id", STRING), new Field("chain", STRING), new Field("amount_yen", LONG),
            new Field("scheme", STRING), new Field("loyalty", STRING), new Field("item_count", INT),
            new Field("topup_yen", LONG), new Field("fraud", BOOLEAN));
    static final Schema BASKET_ITEMS = Schema.of("basket_items",
            new Field("txn_id", LONG), new Field("item_no", INT), new Field("category", STRING), new Field("price_yen", LONG));
    static final Schema TOPUPS = Schema.of("topups",
            new Field("topup_id", LONG), new Field("consumer_id", LONG), new Field("scheme", STRING), new Field("ts", TIMESTAMP),
            new Field("local_date", DATE), new Field("amount_yen", LONG), new Field("source", STRING),
            new Field("funding_operator", STRING), new Field("fraud", BOOLEAN));
    static final Schema FAULTS = Schema.of("faults",
            new Field("log", STRING), new Field("txn_id", LONG), new Field("fault", STRING));
    static final Schema ID_MAP = Schema.of("id_map",
            new Field("operator", STRING), new Field("ref", STRING), new Field("consumer_id", LONG), new Field("via", STRING));
    static final Schema MERCHANTS = Schema.of("merchants",
            new Field("merchant_id", STRING), new Field("chain", STRING), new Field("name", STRING),
            new Field("operator", STRING), new Field("region", STRING), new Field("online", BOOLEAN),
            new Field("category", STRING), new Field("accepted_schemes", new ListOf(STRING)));
    /** In the order each task opens them. */
    static final List<Schema> TABLES = List.of(CONSUMERS, TRANSACTIONS, BASKET_ITEMS, TOPUPS, FAULTS, ID_MAP);

    /** What a task hands the driver of each table it wrote. */
    private record Part(String table, Fingerprint fingerprint) implements java.io.Serializable {
    }

    private TruthWriter() {
    }

    /**
     * Simulates every consumer and writes the tables to dir/TABLE, each task its part-NNNNN file of each; returns
     * each table's {@link GenerateStage#fingerprint} text.
     */
    static Map<String, String> write(SparkSession spark, WorldModel world, long[][] victims, long consumers,
                                     JavaRDD<long[]> consumerRanges, String dir) {
        Broadcast<SerializableConfiguration> conf = SerializableConfiguration.broadcast(spark.sparkContext(),
                spark.sparkContext().hadoopConfiguration());
        String codec = spark.conf().get("spark.sql.parquet.compression.codec", "snappy");
        List<Part> parts = consumerRanges.mapPartitions(new Task(world, victims, consumers, dir, conf, codec)).collect();
        Map<String, Fingerprint> tables = new LinkedHashMap<>();
        TABLES.forEach(table -> tables.put(table.table(), Fingerprint.NONE));
        for (Part part : parts) {
            tables.merge(part.table(), part.fingerprint(), Fingerprint::plus);
        }
        conf.destroy();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        tables.forEach((table, fingerprint) -> fingerprints.put(table, fingerprint.text()));
        return fingerprints;
    }

    /** Writes truth/merchants as one file, on the driver; returns its fingerprint text. */
    static String writeMerchants(SparkSession spark, List<WorldGenerator.Merchant> merchants, String dir) {
        try {
            TruthFile file = new TruthFile(MERCHANTS, spark.sparkContext().hadoopConfiguration(), new Path(dir), 0, 0,
                    codec(spark.conf().get("spark.sql.parquet.compression.codec", "snappy")));
            try {
                for (WorldGenerator.Merchant m : merchants) {
                    file.set(0, utf8(m.merchantId())).set(1, utf8(m.chain())).set(2, utf8(m.name()))
                            .set(3, m.operator() == null ? null : utf8(m.operator())).set(4, m.region() == null ? null : utf8(m.region()))
                            .set(5, m.online()).set(6, utf8(m.category()))
                            .set(7, m.accepted().stream().map(TruthWriter::utf8).toArray());
                    file.endRow();
                }
                return file.commit().text();
            } catch (IOException | RuntimeException e) {
                file.abort();
                throw e;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + dir, e);
        }
    }

    /** Spark's name of a Parquet compression codec ("none" and "uncompressed" alike). */
    static CompressionCodecName codec(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("none") ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.fromConf(lower);
    }

    /** One task: its consumers simulated and written, then its files committed. */
    private static final class Task implements FlatMapFunction<Iterator<long[]>, Part> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long[][] victims;
        private final long consumers;
        private final String dir;
        private final Broadcast<SerializableConfiguration> conf;
        private final String codec;

        Task(WorldModel world, long[][] victims, long consumers, String dir, Broadcast<SerializableConfiguration> conf, String codec) {
            this.world = world;
            this.victims = victims;
            this.consumers = consumers;
            this.dir = dir;
            this.conf = conf;
            this.codec = codec;
        }

        @Override
        public Iterator<Part> call(Iterator<long[]> ranges) throws IOException {
            TaskContext context = TaskContext.get();
            Configuration hadoop = conf.value().value();
            Dictionaries dictionaries = new Dictionaries(world);
            List<TruthOutput> files = new ArrayList<>();
            try {
                for (Schema table : TABLES) {
                    Path path = new Path(dir, table.table());
                    byte[][][] columns = dictionaries.of(table);
                    files.add(columns == null
                            ? new TruthFile(table, hadoop, path, context.partitionId(), context.attemptNumber(), codec(codec))
                            : new ColumnarTruthFile(table, columns, hadoop, path, context.partitionId(), context.attemptNumber(),
                            codec(codec)));
                }
                Writer writer = new Writer(world, new ConsumerSimulation(world, victims, consumers), dictionaries, files);
                while (ranges.hasNext()) {
                    long[] range = ranges.next();
                    for (long id = range[0]; id < range[1]; id++) {
                        writer.consumer(id);
                    }
                }
                List<Part> parts = new ArrayList<>();
                for (int t = 0; t < TABLES.size(); t++) {
                    parts.add(new Part(TABLES.get(t).table(), files.get(t).commit()));
                }
                return parts.iterator();
            } catch (IOException | RuntimeException e) {
                files.forEach(TruthOutput::abort);
                throw e;
            }
        }
    }

    /**
     * The names the many-row tables hold, as UTF-8, each table's string columns set as codes into these
     * ({@link ColumnarTruthFile}): a merchant's code is its chain and region's offset plus its store number, a
     * category's its place among all chains' categories.
     */
    private static final class Dictionaries {
        final byte[][] regions;
        final byte[][] banks;
        final byte[][] issuers;
        final byte[][] chains;
        final byte[][] schemes;
        final byte[][] loyalty;
        final byte[][] merchants;
        final int[][] merchantOffset;
        final byte[][] categories;
        final int[][] categoryCode;

        Dictionaries(WorldModel w) {
            regions = utf8(w.regions);
            banks = utf8(w.banks);
            issuers = utf8(w.issuers);
            chains = utf8(w.chains);
            schemes = utf8(w.schemes);
            loyalty = utf8(w.loyalty);
            merchantOffset = new int[w.chains.length][w.regions.length];
            int stores = 0;
            for (int chain = 0; chain < w.chains.length; chain++) {
                for (int region = 0; region < w.regions.length; region++) {
                    merchantOffset[chain][region] = stores;
                    stores = Math.addExact(stores, w.storesIn[chain][region]);
                }
            }
            merchants = new byte[stores][];
            for (int chain = 0; chain < w.chains.length; chain++) {
                for (int region = 0; region < w.regions.length; region++) {
                    for (int store = 0; store < w.storesIn[chain][region]; store++) {
                        merchants[merchantOffset[chain][region] + store] = utf8(w.merchantId(chain, region, store));
                    }
                }
            }
            Map<String, Integer> names = new LinkedHashMap<>();
            categoryCode = new int[w.chains.length][];
            for (int chain = 0; chain < w.chains.length; chain++) {
                categoryCode[chain] = new int[w.categories[chain].length];
                for (int i = 0; i < w.categories[chain].length; i++) {
                    categoryCode[chain][i] = names.computeIfAbsent(w.categories[chain][i], name -> names.size());
                }
            }
            categories = utf8(names.keySet().toArray(String[]::new));
        }

        /**
         * Each column's dictionary of a table written by {@link ColumnarTruthFile} (null for a column written as it
         * is), or null for a table with nested columns (truth/consumers, written by {@link TruthFile}).
         */
        byte[][][] of(Schema table) {
            if (table == TRANSACTIONS) {
                return new byte[][][]{null, null, regions, banks, issuers, null, null, merchants, chains, null, schemes, loyalty,
                        null, null, null};
            }
            if (table == BASKET_ITEMS) {
                return new byte[][][]{null, null, categories, null};
            }
            if (table == TOPUPS) {
                return new byte[][][]{null, null, schemes, null, null, null, null, null, null};
            }
            if (table == FAULTS || table == ID_MAP) { // strings written as they are
                return new byte[table.fields().size()][][];
            }
            return null;
        }
    }

    /** Writes one consumer after another into a task's files, names as UTF-8 encoded once. */
    private static final class Writer {
        private final WorldModel w;
        private final ConsumerSimulation c;
        private final TruthFile consumers;
        private final Dictionaries d;
        private final ColumnarTruthFile transactions;
        private final ColumnarTruthFile basketItems;
        private final ColumnarTruthFile topups;
        private final ColumnarTruthFile faults;
        private final ColumnarTruthFile idMap;
        private final byte[][] ageBands;
        private final byte[][] incomeBands;
        private final byte[][] topupSource;
        private final byte[] cardSource = utf8(TopupSource.CARD.id());
        private final Map<String, byte[]> constants = new HashMap<>();

        Writer(WorldModel world, ConsumerSimulation simulation, Dictionaries dictionaries, List<TruthOutput> files) {
            this.w = world;
            this.c = simulation;
            this.d = dictionaries;
            consumers = (TruthFile) files.get(0);
            transactions = (ColumnarTruthFile) files.get(1);
            basketItems = (ColumnarTruthFile) files.get(2);
            topups = (ColumnarTruthFile) files.get(3);
            faults = (ColumnarTruthFile) files.get(4);
            idMap = (ColumnarTruthFile) files.get(5);
            ageBands = utf8(w.ageBands);
            incomeBands = utf8(w.incomeBands);
            topupSource = new byte[w.schemes.length][];
            for (int s = 0; s < w.schemes.length; s++) {
                topupSource[s] = w.topupSource[s] == null ? null : utf8(w.topupSource[s]);
            }
        }

        void consumer(long id) throws IOException {
            c.simulate(id, true);
            person(id);
            ids(id);
            for (int i = 0; i < c.purchaseCount; i++) {
                purchase(id, c.purchases.get(i));
            }
        }

        private void person(long id) throws IOException {
            List<Object> held = new ArrayList<>();
            for (int s = 0; s < w.schemes.length; s++) {
                if (c.heldFrom[s] != WorldModel.NEVER) {
                    held.add(new Object[]{d.schemes[s], c.heldFrom[s]});
                }
            }
            List<Object> cards = new ArrayList<>();
            for (int l = 0; l < w.loyalty.length; l++) {
                if (c.loyaltyHeld[l]) {
                    cards.add(d.loyalty[l]);
                }
            }
            consumers.set(0, id).set(1, d.regions[c.region]).set(2, ageBands[c.ageBand]).set(3, incomeBands[c.incomeBand])
                    .set(4, d.banks[c.bank]).set(5, c.cardHolder).set(6, c.issuer < 0 ? null : d.issuers[c.issuer])
                    .set(7, held.toArray()).set(8, cards.toArray());
            consumers.endRow();
        }

        /** truth/id_map: every id an operator knows the consumer by. */
        private void ids(long id) throws IOException {
            for (int s = 0; s < w.schemes.length; s++) {
                if (c.heldFrom[s] != WorldModel.NEVER) {
                    idRow(w.schemeOperator[s], WorldModel.pseudonym(w.schemeOperatorRef[s], id), id, "scheme:" + w.schemes[s]);
                }
            }
            idRow(w.banks[c.bank], WorldModel.pseudonym(w.bankRef[c.bank], id), id, "account");
            if (c.issuer >= 0) {
                idRow(w.issuers[c.issuer], WorldModel.pseudonym(w.issuerRef[c.issuer], id), id, "card");
            }
            for (int l = 0; l < w.loyalty.length; l++) {
                if (c.loyaltyHeld[l]) {
                    idRow(w.loyaltyOperator[l], WorldModel.pseudonym(w.loyaltyOperatorRef[l], id), id, "loyalty:" + w.loyalty[l]);
                }
            }
        }

        private void idRow(String operator, String ref, long id, String via) throws IOException {
            idMap.set(0, constant(operator)).set(1, utf8(ref)).set(2, id).set(3, constant(via));
            idMap.endRow();
        }

        private void purchase(long id, ConsumerSimulation.Purchase p) throws IOException {
            long txn = p.txnId;
            byte[] issuer = c.issuer < 0 ? null : d.issuers[c.issuer];
            transactions.set(0, txn).set(1, id).set(2, c.region).set(3, c.bank);
            if (c.issuer >= 0) {
                transactions.set(4, c.issuer);
            }
            transactions.set(5, p.day).set(6, p.tsSeconds * MICROS).set(7, d.merchantOffset[p.chain][c.region] + p.store)
                    .set(8, p.chain).set(9, p.amountYen).set(10, p.scheme);
            if (p.loyalty >= 0) {
                transactions.set(11, p.loyalty);
            }
            transactions.set(12, p.itemCount).set(13, p.topupYen).set(14, p.fraud);
            transactions.endRow();
            int[] categoryCode = d.categoryCode[p.chain];
            for (int i = 0; i < p.itemCount; i++) {
                basketItems.set(0, txn).set(1, i + 1).set(2, categoryCode[p.categories[i]]).set(3, p.prices[i]);
                basketItems.endRow();
            }
            fault(w.posFault[p.chain], txn);
            fault(w.paymentFault[p.scheme], txn);
            if (p.topupYen > 0) {
                // The bank, the card issuer or cash puts the money in just before the purchase; attackers top up
                // taken-over accounts with cards (7pay's first counter-measure was to stop card top-ups).
                byte[] source = p.fraud ? cardSource : topupSource[p.scheme];
                String sourceId = p.fraud ? TopupSource.CARD.id() : w.topupSource[p.scheme];
                byte[] fundingOperator = TopupSource.BANK.id().equals(sourceId) ? d.banks[c.bank]
                        : TopupSource.CARD.id().equals(sourceId) ? (issuer != null ? issuer : d.banks[c.bank]) : null;
                topups.set(0, txn).set(1, id).set(2, p.scheme).set(3, (p.tsSeconds - TOPUP_LEAD_SECONDS) * MICROS)
                        .set(4, p.day).set(5, p.topupYen).set(6, source).set(7, fundingOperator).set(8, p.fraud);
                topups.endRow();
                fault(w.topupFault[p.scheme], txn);
            }
        }

        /** truth/faults: the defect a log's record is written with, if any (a top-up's id in a top-up log). */
        private void fault(WorldModel.FaultDraw draw, long recordId) throws IOException {
            String fault = draw == null ? null : draw.of(recordId);
            if (fault != null) {
                faults.set(0, constant(draw.log())).set(1, recordId).set(2, constant(fault));
                faults.endRow();
            }
        }

        /** A name's UTF-8 bytes, encoded once; null for null (cash has no operator). */
        private byte[] constant(String text) {
            return text == null ? null : constants.computeIfAbsent(text, TruthWriter::utf8);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] utf8(String[] texts) {
        byte[][] bytes = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            bytes[i] = utf8(texts[i]);
        }
        return bytes;
    }
}
