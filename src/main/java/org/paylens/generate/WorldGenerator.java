package org.paylens.generate;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeSpec;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.*;

/**
 * The world as Spark tables. Partitions hold ranges of consumers; each task simulates its consumers one by one in
 * plain Java ({@link ConsumerSimulation}) and hands Spark their rows. Every value is drawn from {@link Rng} keyed
 * by the entity it belongs to, so every table is the same on one core or many, whatever the partitioning, and each
 * table can be computed again without a shuffle: the consumers table and every purchase agree without a join.
 */
public final class WorldGenerator {
    private static final long CONSUMERS_PER_PARTITION = 20_000;

    /** Columns of truth/transactions. */
    public static final List<String> TRANSACTION_COLUMNS = List.of("txn_id", "consumer_id", "region", "bank",
            "card_issuer", "local_date", "ts", "merchant_id", "chain", "amount_yen", "scheme", "loyalty", "item_count",
            "topup_yen", "fraud");

    private static final StructType ITEM = new StructType()
            .add("item_no", DataTypes.IntegerType).add("category", DataTypes.StringType).add("price_yen", DataTypes.LongType);
    /** A purchase as the tasks emit it: days as epoch days and times as epoch seconds, converted in one select. */
    private static final StructType PURCHASE = new StructType()
            .add("txn_id", DataTypes.LongType).add("consumer_id", DataTypes.LongType).add("region", DataTypes.StringType)
            .add("bank", DataTypes.StringType).add("card_issuer", DataTypes.StringType).add("day", DataTypes.IntegerType)
            .add("seconds", DataTypes.LongType).add("merchant_id", DataTypes.StringType).add("chain", DataTypes.StringType)
            .add("amount_yen", DataTypes.LongType).add("scheme", DataTypes.StringType).add("loyalty", DataTypes.StringType)
            .add("item_count", DataTypes.IntegerType).add("topup_yen", DataTypes.LongType).add("fraud", DataTypes.BooleanType);
    /** A purchase as the point-of-sale logs need it: with its basket, the loyalty card's id and the record's fault. */
    private static final StructType PURCHASE_RECORD = PURCHASE
            .add("basket", DataTypes.createArrayType(ITEM)).add("loyalty_ref", DataTypes.StringType)
            .add("pos_fault", DataTypes.StringType);
    /**
     * A purchase as the payment logs need it: the payer's id with the scheme's operator, the operator of the account
     * debited at the time of purchase (the bank for direct debits, the issuer for credit) and its id of the payer,
     * and the record's fault.
     */
    private static final StructType PAYMENT_RECORD = PURCHASE.add("payer_ref", DataTypes.StringType)
            .add("funding_operator", DataTypes.StringType).add("funding_ref", DataTypes.StringType)
            .add("payment_fault", DataTypes.StringType);
    private static final StructType BASKET_ITEM = new StructType()
            .add("txn_id", DataTypes.LongType).add("item_no", DataTypes.IntegerType)
            .add("category", DataTypes.StringType).add("price_yen", DataTypes.LongType);
    private static final StructType TOPUP = new StructType()
            .add("topup_id", DataTypes.LongType).add("consumer_id", DataTypes.LongType).add("scheme", DataTypes.StringType)
            .add("seconds", DataTypes.LongType).add("day", DataTypes.IntegerType).add("amount_yen", DataTypes.LongType)
            .add("source", DataTypes.StringType).add("funding_operator", DataTypes.StringType)
            .add("fraud", DataTypes.BooleanType).add("payer_ref", DataTypes.StringType)
            .add("funding_ref", DataTypes.StringType).add("fault", DataTypes.StringType);
    private static final StructType ID_MAP = new StructType()
            .add("operator", DataTypes.StringType).add("ref", DataTypes.StringType).add("consumer_id", DataTypes.LongType)
            .add("via", DataTypes.StringType);
    private static final StructType FAULT = new StructType()
            .add("log", DataTypes.StringType).add("txn_id", DataTypes.LongType).add("fault", DataTypes.StringType);
    private static final StructType HELD = new StructType()
            .add("scheme", DataTypes.StringType).add("from", DataTypes.DateType);
    private static final StructType CONSUMER = new StructType()
            .add("consumer_id", DataTypes.LongType).add("region", DataTypes.StringType).add("age_band", DataTypes.StringType)
            .add("income_band", DataTypes.StringType).add("bank", DataTypes.StringType)
            .add("card_holder", DataTypes.BooleanType).add("card_issuer", DataTypes.StringType)
            .add("schemes", DataTypes.createArrayType(HELD)).add("loyalty_cards", DataTypes.createArrayType(DataTypes.StringType));
    private static final StructType VICTIM_DRAW = new StructType()
            .add("breach", DataTypes.IntegerType).add("draw", DataTypes.DoubleType).add("consumer_id", DataTypes.LongType);

    /** What a pass over the consumers emits. */
    enum View {
        CONSUMERS(CONSUMER), PURCHASES(PURCHASE), PURCHASE_RECORDS(PURCHASE_RECORD), PAYMENT_RECORDS(PAYMENT_RECORD),
        BASKET_ITEMS(BASKET_ITEM),
        TOPUPS(TOPUP), FAULTS(FAULT), ID_MAP(WorldGenerator.ID_MAP), VICTIM_DRAWS(VICTIM_DRAW);

        final StructType schema;

        View(StructType schema) {
            this.schema = schema;
        }
    }

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
     * One row per consumer: consumer_id, region, age_band, income_band, bank, card_holder, card_issuer, schemes (each
     * scheme held, from which day) and loyalty_cards.
     */
    public Dataset<Row> consumers() {
        return pass(View.CONSUMERS);
    }

    /** The truth of every purchase, genuine and fraudulent, in {@link #TRANSACTION_COLUMNS}. */
    public Dataset<Row> transactions() {
        return withTimes(pass(View.PURCHASES)).select(TRANSACTION_COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }

    /**
     * Every purchase with what its raw records need besides the truth: its basket as an array of (item_no,
     * category, price_yen) in item order, and the fault its POS record (pos_fault) and its payment record
     * (payment_fault) are written with.
     */
    public Dataset<Row> purchaseRecords() {
        return withTimes(pass(View.PURCHASE_RECORDS));
    }

    /** Every purchase with the fault its payment record is written with (payment_fault). */
    public Dataset<Row> paymentRecords() {
        return withTimes(pass(View.PAYMENT_RECORDS));
    }

    /** truth/basket_items: one row per item (txn_id, item_no, category, price_yen); the prices add up to the amount. */
    public Dataset<Row> basketItems() {
        return pass(View.BASKET_ITEMS);
    }

    /**
     * One row per top-up: the bank, the card issuer or cash puts amount_yen into the scheme's balance just before the
     * purchase that needed it (its txn_id is the topup_id); fault is the fault of its top-up log record.
     */
    public Dataset<Row> topups() {
        return withTimes(pass(View.TOPUPS)).select(col("topup_id"), col("consumer_id"), col("scheme"), col("ts"),
                col("local_date"), col("amount_yen"), col("source"), col("funding_operator"), col("fraud"));
    }

    /**
     * truth/id_map: for every id an operator knows a consumer by (a scheme's account, a bank account, a card, a
     * points card), the consumer it stands for: operator, ref, consumer_id, via. Only the evaluation uses it.
     */
    public Dataset<Row> idMap() {
        return pass(View.ID_MAP);
    }

    /** The top-ups with the payer's and the funding account's ids and the fault of each one's top-up log record. */
    public Dataset<Row> topupRecords() {
        return withTimes(pass(View.TOPUPS));
    }

    /**
     * Every defect the raw logs are written with, as the truth lists it: the log, the record's id (a top-up's id in a
     * top-up log) and the kind of fault (for a duplicate, the one extra copy).
     */
    public Dataset<Row> faults() {
        return pass(View.FAULTS);
    }

    private static Dataset<Row> withTimes(Dataset<Row> rows) {
        return rows.withColumn("local_date", date_from_unix_date(col("day"))).withColumn("ts", timestamp_seconds(col("seconds")))
                .drop("day", "seconds");
    }

    private Dataset<Row> pass(View view) {
        long consumers = scenario.population().consumers();
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), consumers / CONSUMERS_PER_PARTITION);
        long[][] chosen = view == View.VICTIM_DRAWS ? new long[world.breached.length][] : victims();
        return spark.range(0, consumers, 1, partitions)
                .mapPartitions(new Simulate(world, chosen, consumers, view), Encoders.row(view.schema));
    }

    /**
     * The victims of each breach: exactly round(victimShare × users) of the scheme's users on the breach's first day,
     * at least one when it has users, so that the rate is right wherever the world is big enough to show it and a
     * small world still shows the breach. The users with the lowest draws are taken: two small jobs per breach.
     */
    private long[][] victims() {
        if (victims != null) {
            return victims;
        }
        long[][] found = new long[world.breached.length][];
        if (found.length > 0) {
            Dataset<Row> draws = pass(View.VICTIM_DRAWS);
            List<SchemeSpec> specs = List.copyOf(scenario.schemes().values());
            for (int b = 0; b < found.length; b++) {
                Dataset<Row> users = draws.filter(col("breach").equalTo(b));
                long userCount = users.count();
                double share = specs.get(world.breached[b]).events().breach().victimShare();
                long victimCount = userCount == 0 ? 0 : Math.max(1, Math.round(share * userCount));
                found[b] = users.orderBy(col("draw"), col("consumer_id")).limit((int) Math.min(victimCount, Integer.MAX_VALUE))
                        .select("consumer_id").as(Encoders.LONG()).collectAsList().stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }
        victims = found;
        return victims;
    }

    /**
     * Every store (or online site) purchases can be made at: merchant_id, chain, name, operator, region (null
     * online), online, category (the chain's largest) and accepted_schemes. Its ids are exactly those the
     * simulation draws from.
     */
    public Dataset<Row> merchants() {
        List<Row> rows = new ArrayList<>();
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
                    ConsumerSimulation.Purchase site = new ConsumerSimulation.Purchase();
                    site.chain = c;
                    site.store = store;
                    rows.add(RowFactory.create(site.merchantId(world, r), entry.getKey(), chain.name(), chain.operator(),
                            chain.online() ? null : regions.get(r), chain.online(), category, accepted.toArray(String[]::new)));
                }
            }
            c++;
        }
        StructType schema = new StructType().add("merchant_id", DataTypes.StringType).add("chain", DataTypes.StringType)
                .add("name", DataTypes.StringType).add("operator", DataTypes.StringType).add("region", DataTypes.StringType)
                .add("online", DataTypes.BooleanType).add("category", DataTypes.StringType)
                .add("accepted_schemes", DataTypes.createArrayType(DataTypes.StringType));
        return spark.createDataFrame(rows, schema);
    }

    /** A task's pass: simulates its range of consumers and emits the rows of one view. */
    private static final class Simulate implements MapPartitionsFunction<Long, Row> {
        private static final long serialVersionUID = 1L;
        private final WorldModel world;
        private final long[][] victims;
        private final long consumers;
        private final View view;

        Simulate(WorldModel world, long[][] victims, long consumers, View view) {
            this.world = world;
            this.victims = victims;
            this.consumers = consumers;
            this.view = view;
        }

        @Override
        public Iterator<Row> call(Iterator<Long> ids) {
            ConsumerSimulation consumer = new ConsumerSimulation(world, victims, consumers);
            return new Iterator<>() {
                private final List<Row> pending = new ArrayList<>();
                private int next;

                @Override
                public boolean hasNext() {
                    while (next == pending.size()) {
                        if (!ids.hasNext()) {
                            return false;
                        }
                        pending.clear();
                        next = 0;
                        emit(consumer, ids.next(), pending);
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return pending.get(next++);
                }
            };
        }

        private void emit(ConsumerSimulation c, long id, List<Row> out) {
            WorldModel w = world;
            switch (view) {
                case CONSUMERS -> {
                    c.person(id);
                    out.add(consumerRow(c));
                }
                case ID_MAP -> {
                    c.person(id);
                    for (int s = 0; s < w.schemes.length; s++) {
                        if (c.heldFrom[s] != WorldModel.NEVER) {
                            out.add(RowFactory.create(w.schemeOperator[s], WorldModel.pseudonym(w.schemeOperatorRef[s], id), id,
                                    "scheme:" + w.schemes[s]));
                        }
                    }
                    out.add(RowFactory.create(w.banks[c.bank], WorldModel.pseudonym(w.bankRef[c.bank], id), id, "account"));
                    if (c.issuer >= 0) {
                        out.add(RowFactory.create(w.issuers[c.issuer], WorldModel.pseudonym(w.issuerRef[c.issuer], id), id, "card"));
                    }
                    for (int l = 0; l < w.loyalty.length; l++) {
                        if (c.loyaltyHeld[l]) {
                            out.add(RowFactory.create(w.loyaltyOperator[l], WorldModel.pseudonym(w.loyaltyOperatorRef[l], id), id,
                                    "loyalty:" + w.loyalty[l]));
                        }
                    }
                }
                case VICTIM_DRAWS -> {
                    c.person(id);
                    for (int b = 0; b < w.breached.length; b++) {
                        if (c.heldFrom[w.breached[b]] <= w.breachFirst[b]) {
                            out.add(RowFactory.create(b, c.victimDraw(w.breached[b]), id));
                        }
                    }
                }
                case PURCHASES, PURCHASE_RECORDS, PAYMENT_RECORDS -> {
                    c.simulate(id, view == View.PURCHASE_RECORDS);
                    for (int i = 0; i < c.purchaseCount; i++) {
                        out.add(purchaseRow(c, c.purchases.get(i)));
                    }
                }
                case BASKET_ITEMS -> {
                    c.simulate(id, true);
                    for (int i = 0; i < c.purchaseCount; i++) {
                        ConsumerSimulation.Purchase p = c.purchases.get(i);
                        for (int item = 0; item < p.itemCount; item++) {
                            out.add(RowFactory.create(p.txnId, item + 1, w.categories[p.chain][p.categories[item]], p.prices[item]));
                        }
                    }
                }
                case TOPUPS -> {
                    c.simulate(id, false);
                    for (int i = 0; i < c.purchaseCount; i++) {
                        ConsumerSimulation.Purchase p = c.purchases.get(i);
                        if (p.topupYen > 0) {
                            WorldModel.FaultDraw fault = w.topupFault[p.scheme];
                            String fundingOperator = c.topupFundingOperator(p);
                            out.add(RowFactory.create(p.txnId, id, w.schemes[p.scheme], ConsumerSimulation.topupSeconds(p), p.day,
                                    p.topupYen, w.topupSource(p.scheme, p.fraud), fundingOperator, p.fraud,
                                    WorldModel.pseudonym(w.schemeOperatorRef[p.scheme], id),
                                    fundingOperator == null ? null : c.fundingRef(p), fault == null ? null : fault.of(p.txnId)));
                        }
                    }
                }
                case FAULTS -> {
                    c.simulate(id, false);
                    for (int i = 0; i < c.purchaseCount; i++) {
                        ConsumerSimulation.Purchase p = c.purchases.get(i);
                        addFault(out, w.posFault[p.chain], p.txnId);
                        addFault(out, w.paymentFault[p.scheme], p.txnId);
                        if (p.topupYen > 0) {
                            addFault(out, w.topupFault[p.scheme], p.txnId);
                        }
                    }
                }
            }
        }

        private static void addFault(List<Row> out, WorldModel.FaultDraw draw, long recordId) {
            String fault = draw == null ? null : draw.of(recordId);
            if (fault != null) {
                out.add(RowFactory.create(draw.log(), recordId, fault));
            }
        }

        private Row consumerRow(ConsumerSimulation c) {
            WorldModel w = world;
            List<Row> held = new ArrayList<>();
            for (int s = 0; s < w.schemes.length; s++) {
                if (c.heldFrom[s] != WorldModel.NEVER) {
                    held.add(RowFactory.create(w.schemes[s], java.sql.Date.valueOf(LocalDate.ofEpochDay(c.heldFrom[s]))));
                }
            }
            List<String> cards = new ArrayList<>();
            for (int l = 0; l < w.loyalty.length; l++) {
                if (c.loyaltyHeld[l]) {
                    cards.add(w.loyalty[l]);
                }
            }
            return RowFactory.create(c.consumerId, w.regions[c.region], w.ageBands[c.ageBand], w.incomeBands[c.incomeBand],
                    w.banks[c.bank], c.cardHolder, c.issuer < 0 ? null : w.issuers[c.issuer], seq(held.toArray()), seq(cards.toArray()));
        }

        private Row purchaseRow(ConsumerSimulation c, ConsumerSimulation.Purchase p) {
            WorldModel w = world;
            Object[] values = new Object[view.schema.size()];
            values[0] = p.txnId;
            values[1] = c.consumerId;
            values[2] = w.regions[c.region];
            values[3] = w.banks[c.bank];
            values[4] = c.issuer < 0 ? null : w.issuers[c.issuer];
            values[5] = p.day;
            values[6] = p.tsSeconds;
            values[7] = p.merchantId(w, c.region);
            values[8] = w.chains[p.chain];
            values[9] = p.amountYen;
            values[10] = w.schemes[p.scheme];
            values[11] = p.loyalty < 0 ? null : w.loyalty[p.loyalty];
            values[12] = p.itemCount;
            values[13] = p.topupYen;
            values[14] = p.fraud;
            if (view == View.PAYMENT_RECORDS) {
                values[15] = WorldModel.pseudonym(w.schemeOperatorRef[p.scheme], c.consumerId);
                switch (w.funding[p.scheme]) {
                    case DIRECT -> {
                        values[16] = w.banks[c.bank];
                        values[17] = WorldModel.pseudonym(w.bankRef[c.bank], c.consumerId);
                    }
                    case CREDIT -> {
                        if (c.issuer >= 0) {
                            values[16] = w.issuers[c.issuer];
                            values[17] = WorldModel.pseudonym(w.issuerRef[c.issuer], c.consumerId);
                        }
                    }
                    case CASH, TOPUP -> {
                    }
                }
                WorldModel.FaultDraw payment = w.paymentFault[p.scheme];
                values[18] = payment == null ? null : payment.of(p.txnId);
            } else if (view == View.PURCHASE_RECORDS) {
                Object[] items = new Object[p.itemCount];
                for (int i = 0; i < p.itemCount; i++) {
                    items[i] = RowFactory.create(i + 1, w.categories[p.chain][p.categories[i]], p.prices[i]);
                }
                values[15] = seq(items);
                values[16] = p.loyalty < 0 ? null : WorldModel.pseudonym(w.loyaltyOperatorRef[p.loyalty], c.consumerId);
                WorldModel.FaultDraw pos = w.posFault[p.chain];
                values[17] = pos == null ? null : pos.of(p.txnId);
            }
            return RowFactory.create(values);
        }

        /** Spark's row encoder takes a Scala sequence for an array column. */
        private static scala.collection.Seq<Object> seq(Object[] values) {
            return scala.collection.immutable.ArraySeq.unsafeWrapArray(values);
        }
    }
}
