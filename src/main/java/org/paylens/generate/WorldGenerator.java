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
import org.paylens.scenario.TopupSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * The world as Spark tables. Partitions hold ranges of consumers; each task simulates its consumers one by one in
 * plain Java ({@link ConsumerSimulation}) and hands Spark their rows. Every value is drawn from {@link Rng} keyed
 * by the entity it belongs to, so every table is the same on one core or many, whatever the partitioning, and each
 * table can be computed again without a shuffle: the consumers table and every purchase agree without a join.
 */
public final class WorldGenerator {
    private static final long CONSUMERS_PER_PARTITION = 20_000;
    /** Top-ups happen this long before the purchase that needed them. */
    private static final int TOPUP_LEAD_SECONDS = 120;

    /** Columns of truth/transactions. */
    public static final List<String> TRANSACTION_COLUMNS = List.of("txn_id", "consumer_id", "region", "bank",
            "card_issuer", "local_date", "ts", "merchant_id", "chain", "amount_yen", "scheme", "loyalty", "item_count",
            "topup_yen", "fraud");

    /** A purchase as the simulation emits it: days as epoch days and times as epoch seconds, converted in one select. */
    private static final StructType PURCHASE = new StructType()
            .add("txn_id", DataTypes.LongType).add("consumer_id", DataTypes.LongType).add("region", DataTypes.StringType)
            .add("bank", DataTypes.StringType).add("card_issuer", DataTypes.StringType).add("day", DataTypes.IntegerType)
            .add("seconds", DataTypes.LongType).add("merchant_id", DataTypes.StringType).add("chain", DataTypes.StringType)
            .add("amount_yen", DataTypes.LongType).add("scheme", DataTypes.StringType).add("loyalty", DataTypes.StringType)
            .add("item_count", DataTypes.IntegerType).add("topup_yen", DataTypes.LongType).add("fraud", DataTypes.BooleanType);
    private static final StructType HELD = new StructType()
            .add("scheme", DataTypes.StringType).add("from", DataTypes.DateType);
    private static final StructType CONSUMER = new StructType()
            .add("consumer_id", DataTypes.LongType).add("region", DataTypes.StringType).add("age_band", DataTypes.StringType)
            .add("income_band", DataTypes.StringType).add("bank", DataTypes.StringType)
            .add("card_holder", DataTypes.BooleanType).add("card_issuer", DataTypes.StringType)
            .add("schemes", DataTypes.createArrayType(HELD)).add("loyalty_cards", DataTypes.createArrayType(DataTypes.StringType));
    private static final StructType ID_MAP = new StructType()
            .add("operator", DataTypes.StringType).add("ref", DataTypes.StringType).add("consumer_id", DataTypes.LongType)
            .add("via", DataTypes.StringType);
    private static final StructType VICTIM_DRAW = new StructType()
            .add("breach", DataTypes.IntegerType).add("draw", DataTypes.DoubleType).add("consumer_id", DataTypes.LongType);

    /** What a pass of the simulation over the consumers emits. */
    enum View {
        CONSUMERS(CONSUMER), PURCHASES(PURCHASE), ID_MAP(WorldGenerator.ID_MAP), VICTIM_DRAWS(VICTIM_DRAW);

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

    /** truth/basket_items from truth/transactions: one row per item; the prices add up to the amount. */
    public Dataset<Row> basketItems(Dataset<Row> transactions) {
        return TruthRecords.Derivation.BASKET_ITEMS.of(world, transactions);
    }

    /**
     * truth/topups from truth/transactions: the bank, the card issuer or cash puts topup_yen into the scheme's balance
     * just before the purchase that needed it (its txn_id is the topup_id). Attackers top up taken-over accounts with
     * cards (7pay's first counter-measure was to stop card top-ups).
     */
    public Dataset<Row> topups(Dataset<Row> transactions) {
        Column source = lit(null).cast("string");
        for (int s = 0; s < world.schemes.length; s++) {
            if (world.prepaid[s]) {
                source = when(col("scheme").equalTo(world.schemes[s]), lit(world.topupSource[s])).otherwise(source);
            }
        }
        source = when(col("fraud"), lit(TopupSource.CARD.id())).otherwise(source);
        Column fundingOperator = when(source.equalTo(TopupSource.BANK.id()), col("bank"))
                .when(source.equalTo(TopupSource.CARD.id()), coalesce(col("card_issuer"), col("bank")));
        return transactions.filter(col("topup_yen").gt(0))
                .select(col("txn_id").as("topup_id"), col("consumer_id"), col("scheme"),
                        col("ts").minus(expr("INTERVAL " + TOPUP_LEAD_SECONDS + " SECONDS")).as("ts"),
                        col("local_date"), col("topup_yen").as("amount_yen"), source.as("source"),
                        fundingOperator.as("funding_operator"), col("fraud"));
    }

    /**
     * truth/faults from truth/transactions and truth/topups: every defect the raw logs are written with — the log,
     * the record's id (a top-up's id in a top-up log) and the kind of fault (for a duplicate, the one extra copy).
     */
    public Dataset<Row> faults(Dataset<Row> transactions) {
        return TruthRecords.Derivation.FAULTS.of(world, transactions);
    }

    /**
     * Purchases as the point-of-sale logs need them: truth/transactions with each one's basket (an array of
     * (item_no, category, price_yen) in item order), the scanned loyalty card's id with its programme's operator
     * (loyalty_ref) and the fault its record is written with (pos_fault).
     */
    public Dataset<Row> posRecords(Dataset<Row> transactions) {
        return TruthRecords.Derivation.POS.of(world, transactions);
    }

    /**
     * Purchases as the payment logs need them, those paid with a scheme that has one: the payer's id with the
     * scheme's operator (payer_ref), the operator of the account debited at the time of purchase (the bank for
     * direct debits, the issuer for credit) and its id of the payer, and the fault of the record (payment_fault).
     */
    public Dataset<Row> paymentRecords(Dataset<Row> transactions) {
        return TruthRecords.Derivation.PAYMENTS.of(world, transactions);
    }

    /** Top-ups as the top-up logs need them: truth/topups with the payer's and the funding account's ids, and fault. */
    public Dataset<Row> topupRecords(Dataset<Row> topups) {
        return TruthRecords.Derivation.TOPUPS.of(world, topups);
    }

    /**
     * truth/id_map: for every id an operator knows a consumer by (a scheme's account, a bank account, a card, a
     * points card), the consumer it stands for: operator, ref, consumer_id, via. Only the evaluation uses it.
     */
    public Dataset<Row> idMap() {
        return pass(View.ID_MAP);
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
            return Expanding.rows(ids, (id, out) -> emit(consumer, id, out));
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
                case PURCHASES -> {
                    c.simulate(id, false);
                    for (int i = 0; i < c.purchaseCount; i++) {
                        out.add(purchaseRow(c, c.purchases.get(i)));
                    }
                }
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
            return RowFactory.create(values);
        }

        /** Spark's row encoder takes a Scala sequence for an array column. */
        private static scala.collection.Seq<Object> seq(Object[] values) {
            return scala.collection.immutable.ArraySeq.unsafeWrapArray(values);
        }
    }
}
