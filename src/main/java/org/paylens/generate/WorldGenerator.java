package org.paylens.generate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Funding;
import org.paylens.scenario.LoyaltySpec;
import org.paylens.scenario.Population;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeEvents;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.SchemeSpec;
import org.paylens.scenario.TopupSource;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.spark.sql.functions;

import static org.apache.spark.sql.functions.*;

/**
 * Simulates consumers, their purchases, top-ups and the breach of a scheme in Spark. Each value is drawn from
 * {@link Randomness} keyed by the entity it belongs to (consumer, consumer-day, purchase, item), so the world is
 * the same on one core or many and no driver-side loop touches a consumer or a purchase.
 */
public final class WorldGenerator {
    /** At most this many purchases per consumer-day; it also bounds the transaction id arithmetic. */
    static final int MAX_PURCHASES_PER_DAY = 63;
    private static final int ID_SLOTS_PER_DAY = MAX_PURCHASES_PER_DAY + 1;
    private static final double TICKET_SIGMA = 0.6;
    private static final int MIN_TICKET_YEN = 10;
    /** A basket holds one item per this many yen of its amount, at least one and at most {@link #MAX_ITEMS}. */
    private static final int YEN_PER_ITEM = 300;
    private static final int MAX_ITEMS = 20;
    /** Store numbers in merchant ids have this many digits (the validator caps chains' stores to fit). */
    static final int MERCHANT_NUMBER_DIGITS = 5;
    private static final int OPENING_SECOND = 7 * 3600;
    private static final int OPEN_SECONDS = 16 * 3600;
    private static final long JST_OFFSET_SECONDS = 9 * 3600;
    private static final long CONSUMERS_PER_PARTITION = 20_000;
    /** Fraudulent purchases per victim: at least this many, and up to this many more. */
    private static final int MIN_FRAUD_PURCHASES = 3;
    private static final int EXTRA_FRAUD_PURCHASES = 6;
    private static final int FRAUD_ID_SLOTS = 16;
    /** Top-ups happen this long before the purchase that needed them. */
    private static final int TOPUP_LEAD_SECONDS = 120;

    private final SparkSession spark;
    private final Scenario scenario;
    private final Randomness random;
    private final Holdings holdings;
    private final String cashScheme;

    public WorldGenerator(SparkSession spark, Scenario scenario) {
        this.spark = spark;
        this.scenario = scenario;
        this.random = new Randomness(scenario.seed());
        this.holdings = new Holdings(scenario, random);
        this.cashScheme = scenario.schemes().entrySet().stream()
                .filter(e -> e.getValue().kind() == SchemeKind.CASH && e.getValue().acceptedAt().isEmpty())
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** The truth of every purchase, genuine and fraudulent, in {@link #TRANSACTION_COLUMNS}. */
    public Dataset<Row> transactions(Dataset<Row> consumers) {
        Dataset<Row> purchases = regularPurchases(consumers).unionByName(fraudulentPurchases(consumers));
        return fundFromBalances(purchases).select(TRANSACTION_COLUMNS.stream().map(functions::col).toArray(Column[]::new));
    }

    /** Columns of truth/transactions. */
    public static final List<String> TRANSACTION_COLUMNS = List.of("txn_id", "consumer_id", "region", "bank",
            "card_issuer", "local_date", "ts", "merchant_id", "chain", "amount_yen", "scheme", "loyalty", "item_count",
            "topup_yen", "fraud");

    // ---------------------------------------------------------------- consumers

    /**
     * One row per consumer: consumer_id, region, age_band, income_band, bank, card_holder, card_issuer, schemes
     * (each scheme held, from which day) and loyalty_cards, plus one held_from_N column per scheme that
     * {@link #transactions} needs and {@link GenerateStage} does not write.
     */
    public Dataset<Row> consumers() {
        Population population = scenario.population();
        long count = population.consumers();
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), count / CONSUMERS_PER_PARTITION);
        Column id = col("id");
        Dataset<Row> people = spark.range(0, count, 1, partitions).select(
                id.as("consumer_id"),
                Draws.weightedPick(random.uniform("region", id), population.regions()).as("region"),
                Draws.weightedPick(random.uniform("age_band", id), shares(population.ageBands(), Population.AgeBand::share)).as("age_band"),
                Draws.weightedPick(random.uniform("income_band", id), shares(population.incomeBands(), Population.IncomeBand::share)).as("income_band"),
                Draws.weightedPick(random.uniform("bank", id), population.banks()).as("bank"));
        Column cardHolder = random.uniform("card_holder", col("consumer_id"))
                .lt(least(lit(1.0), incomeFactor(Population.IncomeBand::cardAffinity).multiply(population.cardHolderShare())));
        Column issuer = population.cardIssuers().isEmpty() ? lit(null).cast("string")
                : when(col("card_holder"), Draws.weightedPick(random.uniform("card_issuer", col("consumer_id")), population.cardIssuers()));
        Dataset<Row> withCards = people.withColumn("card_holder", cardHolder).withColumn("card_issuer", issuer);
        Dataset<Row> holding = withCards;
        List<Column> wallets = new ArrayList<>();
        int index = 0;
        for (String scheme : scenario.schemes().keySet()) {
            String column = Holdings.heldFromColumn(index++);
            holding = holding.withColumn(column, holdings.heldFrom(scheme));
            wallets.add(when(col(column).isNotNull(), struct(lit(scheme).as("scheme"), col(column).as("from"))));
        }
        List<Column> loyaltyCards = new ArrayList<>();
        scenario.loyalty().forEach((id2, programme) ->
                loyaltyCards.add(when(holdsLoyalty(id2, programme), lit(id2))));
        return holding
                .withColumn("schemes", filter(array(wallets.toArray(Column[]::new)), Column::isNotNull))
                .withColumn("loyalty_cards", loyaltyCards.isEmpty() ? array().cast("array<string>")
                        : filter(array(loyaltyCards.toArray(Column[]::new)), Column::isNotNull));
    }

    /** True on the days the consumer holds the scheme, from the consumer's held_from column. */
    private Column heldOn(String id, Column day) {
        Column from = col(Holdings.heldFromColumn(List.copyOf(scenario.schemes().keySet()).indexOf(id)));
        return from.isNotNull().and(day.geq(from));
    }

    private static <T> Map<String, Double> shares(Map<String, T> bands, Function<T, Double> share) {
        Map<String, Double> shares = new LinkedHashMap<>();
        bands.forEach((id, band) -> shares.put(id, share.apply(band)));
        return shares;
    }

    /** An income band's factor divided by its population-weighted mean, so the population mean stays 1. */
    private Column incomeFactor(Function<Population.IncomeBand, Double> factor) {
        Map<String, Population.IncomeBand> bands = scenario.population().incomeBands();
        double mean = bands.values().stream().mapToDouble(b -> b.share() * factor.apply(b)).sum();
        Column value = null;
        for (Map.Entry<String, Population.IncomeBand> band : bands.entrySet()) {
            Column condition = col("income_band").equalTo(band.getKey());
            Column v = lit(factor.apply(band.getValue()) / mean);
            value = value == null ? when(condition, v) : value.when(condition, v);
        }
        return value.otherwise(lit(1.0));
    }

    private Column holdsLoyalty(String id, LoyaltySpec programme) {
        return random.uniform("loyalty:" + id, col("consumer_id")).lt(programme.adoption());
    }

    // ---------------------------------------------------------------- purchases

    private Dataset<Row> regularPurchases(Dataset<Row> consumers) {
        int days = scenario.period().days();
        Column consumer = col("consumer_id");
        Column dayIndex = col("day_index");
        Dataset<Row> purchases = consumers
                .withColumn("region_no", regionNoOf(col("region")))
                .withColumn("day_index", explode(sequence(lit(0), lit(days - 1))))
                .withColumn("purchases", Draws.poisson(random.uniform("purchases", consumer, dayIndex),
                        scenario.population().purchasesPerDay(), MAX_PURCHASES_PER_DAY))
                .filter(col("purchases").gt(0))
                .withColumn("n", explode(sequence(lit(0), col("purchases").minus(1))))
                // Unique and stable: the consumer-day's position in (consumer, day) order, then the purchase number.
                .withColumn("txn_id", consumer.multiply((long) days).plus(dayIndex).multiply((long) ID_SLOTS_PER_DAY).plus(col("n")))
                .withColumn("local_date", date_add(lit(Date.valueOf(scenario.period().start())), dayIndex));
        Column txn = col("txn_id");
        Dataset<Row> placed = purchases
                .withColumn("chain_no", chainPick(random.uniform("chain", txn)))
                .withColumn("chain", chainIdOf(col("chain_no")))
                .withColumn("merchant_id", merchantOf(random.uniform("store", txn)))
                .withColumn("ts", timestampOf(col("local_date"), random.uniform("time", txn)))
                .withColumn("amount_yen", amountOf(txn, byChain(c -> lit(c.meanTicket().doubleValue()))
                        .multiply(incomeFactor(Population.IncomeBand::spendFactor))))
                .withColumn("loyalty", loyaltyScan(txn))
                .withColumn("fraud", lit(false));
        return placed.withColumn("scheme", schemePick(txn)).select(PURCHASE_COLUMNS);
    }

    private static final Column[] PURCHASE_COLUMNS = {col("txn_id"), col("consumer_id"), col("region"), col("bank"),
            col("card_holder"), col("card_issuer"), col("local_date"), col("ts"), col("merchant_id"), col("chain"),
            col("amount_yen"), col("scheme"), col("loyalty"), col("fraud")};

    /** The chain of a purchase, as its position in the scenario's chains (see {@link #byChain}). */
    private Column chainPick(Column u) {
        return Draws.weightedIndex(u, scenario.chains().values().stream().map(ChainSpec::visitShare).toList());
    }

    /**
     * A store of the chain (columns chain_no, chain) in the consumer's region (columns region_no, region): a
     * chain's stores are spread over regions by population; an online shop has sites every region reaches.
     */
    private Column merchantOf(Column u) {
        List<Double> regionShares = List.copyOf(scenario.population().regions().values());
        Column regionNo = col("region_no");
        Column storesInRegion = byChain(c -> {
            if (c.online()) {
                return lit(c.stores());
            }
            Column stores = null;
            for (int r = 0; r < regionShares.size(); r++) {
                Column n = lit(storesIn(c, regionShares.get(r)));
                stores = stores == null ? when(regionNo.equalTo(r), n) : stores.when(regionNo.equalTo(r), n);
            }
            return stores.otherwise(lit(1));
        });
        Column place = byChain(c -> c.online() ? lit("web") : col("region"));
        return merchantId(col("chain"), place, floor(u.multiply(storesInRegion)));
    }

    /** Chain ids compared as strings once, so that later expressions compare ints. */
    private Column chainNoOf(Column chain) {
        return indexOf(chain, List.copyOf(scenario.chains().keySet()));
    }

    private Column chainIdOf(Column chainNo) {
        return element_at(array(scenario.chains().keySet().stream().map(functions::lit).toArray(Column[]::new)), chainNo.plus(1));
    }

    private Column regionNoOf(Column region) {
        return indexOf(region, List.copyOf(scenario.population().regions().keySet()));
    }

    private static Column indexOf(Column value, List<String> keys) {
        Column index = null;
        for (int i = 0; i < keys.size(); i++) {
            index = index == null ? when(value.equalTo(keys.get(i)), lit(i)) : index.when(value.equalTo(keys.get(i)), lit(i));
        }
        return index;
    }

    /** Positions of the given chains, for an isin test on chain_no. */
    private Object[] chainNos(List<String> chains) {
        List<String> all = List.copyOf(scenario.chains().keySet());
        return chains.stream().map(all::indexOf).filter(i -> i >= 0).toArray();
    }

    /** A chain's stores in a region with the given share of the population: at least one. */
    private static int storesIn(ChainSpec chain, double regionShare) {
        return (int) Math.max(1, Math.round(chain.stores() * regionShare));
    }

    private static Column merchantId(Column chain, Column place, Column number) {
        return concat(chain, lit("-"), place, lit("-"), lpad(number.cast("string"), MERCHANT_NUMBER_DIGITS, "0"));
    }

    /**
     * Every store (or online site) purchases can be made at: merchant_id, chain, name, operator, region (null
     * online), online, category (the chain's largest) and accepted_schemes. Its ids are exactly those
     * {@link #merchantOf} draws from.
     */
    public Dataset<Row> merchants() {
        List<Row> sites = new ArrayList<>();
        scenario.chains().forEach((id, chain) -> {
            if (chain.online()) {
                sites.add(RowFactory.create(id, "web", null, chain.stores()));
            } else {
                scenario.population().regions().forEach((region, share) ->
                        sites.add(RowFactory.create(id, region, region, storesIn(chain, share))));
            }
        });
        StructType siteSchema = new StructType().add("chain", DataTypes.StringType).add("place", DataTypes.StringType)
                .add("region", DataTypes.StringType).add("stores", DataTypes.IntegerType);
        Column chain = col("chain");
        return spark.createDataFrame(sites, siteSchema)
                .withColumn("chain_no", chainNoOf(chain))
                .withColumn("number", explode(sequence(lit(0), col("stores").minus(1))))
                .select(merchantId(chain, col("place"), col("number")).as("merchant_id"), chain,
                        byChain(c -> lit(c.name())).as("name"),
                        byChain(c -> lit(c.operator()).cast("string")).as("operator"),
                        col("region"),
                        byChain(c -> lit(c.online())).as("online"),
                        byChain(c -> lit(c.categories().entrySet().stream().max(Map.Entry.comparingByValue())
                                .orElseThrow().getKey())).as("category"),
                        byChain(c -> array(scenario.schemes().values().stream()
                                .filter(scheme -> scheme.acceptedAt().isEmpty() || scheme.acceptedAt().contains(chainIdOf(c)))
                                .map(scheme -> lit(schemeIdOf(scheme))).toArray(Column[]::new))).as("accepted_schemes"));
    }

    private String chainIdOf(ChainSpec chain) {
        return scenario.chains().entrySet().stream().filter(e -> e.getValue() == chain).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static Column timestampOf(Column localDate, Column u) {
        Column secondOfDay = floor(u.multiply(OPEN_SECONDS)).plus(OPENING_SECOND);
        return timestamp_seconds(datediff(localDate, lit(Date.valueOf("1970-01-01"))).cast("long")
                .multiply(86_400L).minus(JST_OFFSET_SECONDS).plus(secondOfDay));
    }

    /** Log-normal around the mean (σ = 0.6), so the mean ticket stays the given mean. */
    private Column amountOf(Column txn, Column mean) {
        return greatest(lit((long) MIN_TICKET_YEN), round(mean.multiply(exp(random.normal("amount", txn)
                .multiply(TICKET_SIGMA).minus(TICKET_SIGMA * TICKET_SIGMA / 2)))).cast("long"));
    }

    /** The programme whose card is scanned: one of those the consumer holds and the chain accepts, or null. */
    private Column loyaltyScan(Column txn) {
        if (scenario.loyalty().isEmpty()) {
            return lit(null).cast("string");
        }
        List<String> ids = new ArrayList<>();
        List<Column> weights = new ArrayList<>();
        Column scanRate = null;
        for (Map.Entry<String, LoyaltySpec> entry : scenario.loyalty().entrySet()) {
            LoyaltySpec programme = entry.getValue();
            ids.add(entry.getKey());
            Column usable = holdsLoyalty(entry.getKey(), programme).and(col("chain_no").isin(chainNos(programme.acceptedAt())));
            weights.add(when(usable, lit(1.0)).otherwise(lit(0.0)));
        }
        Column pick = Draws.weightedPick(ids.stream().map(id -> random.uniform("loyalty_pick:" + id, txn)).toList(), ids, weights);
        for (Map.Entry<String, LoyaltySpec> entry : scenario.loyalty().entrySet()) {
            Column condition = pick.equalTo(entry.getKey());
            Column rate = lit(entry.getValue().scanRate());
            scanRate = scanRate == null ? when(condition, rate) : scanRate.when(condition, rate);
        }
        return when(pick.isNotNull().and(random.uniform("loyalty_scan", txn).lt(scanRate)), pick);
    }

    /**
     * The scheme used: among those the consumer holds that day, live and accepted at the chain, one drawn in
     * proportion to the schemes' weights. A scheme that shuts down stops being usable, so its users move to the
     * others they hold, or to those they migrate to.
     */
    private Column schemePick(Column txn) {
        List<String> ids = new ArrayList<>();
        List<Column> weights = new ArrayList<>();
        Column day = col("local_date");
        scenario.schemes().forEach((id, scheme) -> {
            Column usable = heldOn(id, day).and(live(scheme, day)).and(accepted(scheme));
            ids.add(id);
            weights.add(when(usable, lit(scheme.weight())).otherwise(lit(0.0)));
        });
        return Draws.weightedPick(ids.stream().map(id -> random.uniform("scheme:" + id, txn)).toList(), ids, weights);
    }

    private static Column live(SchemeSpec scheme, Column day) {
        Column live = lit(true);
        if (scheme.launch() != null) {
            live = live.and(day.geq(lit(Date.valueOf(scheme.launch()))));
        }
        if (scheme.shutdown() != null) {
            live = live.and(day.leq(lit(Date.valueOf(scheme.shutdown()))));
        }
        return live;
    }

    private Column accepted(SchemeSpec scheme) {
        return scheme.acceptedAt().isEmpty() ? lit(true) : col("chain_no").isin(chainNos(scheme.acceptedAt()));
    }

    /** A value per chain, by the chain_no column. */
    private Column byChain(Function<ChainSpec, Column> value) {
        Column chainNo = col("chain_no");
        Column result = null;
        int index = 0;
        for (ChainSpec chain : scenario.chains().values()) {
            Column condition = chainNo.equalTo(index++);
            Column v = value.apply(chain);
            result = result == null ? when(condition, v) : result.when(condition, v);
        }
        return result;
    }

    // ---------------------------------------------------------------- the breach

    /**
     * Accounts taken over in a breach: each user of the scheme on the breach's first day is a victim with the given
     * share; the attacker spends about damagePerVictimYen with it in a few purchases at stores accepting the scheme.
     */
    private Dataset<Row> fraudulentPurchases(Dataset<Row> consumers) {
        long firstFraudId = scenario.population().consumers() * scenario.period().days() * ID_SLOTS_PER_DAY;
        List<Dataset<Row>> frauds = new ArrayList<>();
        int schemeIndex = 0;
        for (Map.Entry<String, SchemeSpec> entry : scenario.schemes().entrySet()) {
            int index = schemeIndex++;
            SchemeEvents.Breach breach = entry.getValue().events().breach();
            if (breach == null || breach.end().isBefore(scenario.period().start()) || breach.start().isAfter(scenario.period().end())) {
                continue;
            }
            String id = entry.getKey();
            List<String> chains = entry.getValue().acceptedAt().isEmpty() ? List.copyOf(scenario.chains().keySet())
                    : entry.getValue().acceptedAt();
            java.time.LocalDate first = breach.start().isBefore(scenario.period().start()) ? scenario.period().start() : breach.start();
            java.time.LocalDate last = breach.end().isAfter(scenario.period().end()) ? scenario.period().end() : breach.end();
            int breachDays = (int) java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
            Column consumer = col("consumer_id");
            // Exactly round(victimShare × users) victims, at least one when the scheme has users, so that the rate
            // is right wherever the world is big enough to show it and a small world still shows the breach.
            Dataset<Row> users = consumers.filter(heldOn(id, lit(Date.valueOf(first))))
                    .withColumn("victim_draw", random.uniform("victim:" + id, consumer));
            long userCount = users.count();
            long victimCount = userCount == 0 ? 0 : Math.max(1, Math.round(breach.victimShare() * userCount));
            Dataset<Row> victims = users.orderBy(col("victim_draw"), consumer).limit((int) Math.min(victimCount, Integer.MAX_VALUE))
                    .drop("victim_draw")
                    .withColumn("purchases", floor(random.uniform("fraud_count:" + id, consumer)
                            .multiply(EXTRA_FRAUD_PURCHASES + 1)).cast("int").plus(MIN_FRAUD_PURCHASES));
            Column j = col("j");
            Column txn = col("txn_id");
            Map<String, Double> chainWeights = new LinkedHashMap<>();
            chains.forEach(c -> chainWeights.put(c, 1.0));
            Dataset<Row> fraud = victims
                    .withColumn("j", explode(sequence(lit(0), col("purchases").minus(1))))
                    .withColumn("txn_id", lit(firstFraudId).plus(consumer.multiply((long) scenario.schemes().size() * FRAUD_ID_SLOTS))
                            .plus(index * FRAUD_ID_SLOTS).plus(j))
                    .withColumn("local_date", date_add(lit(Date.valueOf(first)),
                            floor(random.uniform("fraud_day", txn).multiply(breachDays)).cast("int")))
                    .withColumn("chain", Draws.weightedPick(random.uniform("fraud_chain", txn), chainWeights))
                    .withColumn("chain_no", chainNoOf(col("chain")))
                    .withColumn("region_no", regionNoOf(col("region")))
                    .withColumn("merchant_id", merchantOf(random.uniform("fraud_store", txn)))
                    .withColumn("ts", timestampOf(col("local_date"), random.uniform("fraud_time", txn)))
                    // The victim's damage split exactly over the purchases: part j is floor(D·(j+1)/n) − floor(D·j/n).
                    .withColumn("amount_yen", floor(lit(breach.damagePerVictimYen()).multiply(j.plus(1)).divide(col("purchases")))
                            .minus(floor(lit(breach.damagePerVictimYen()).multiply(j).divide(col("purchases")))).cast("long"))
                    .withColumn("loyalty", lit(null).cast("string"))
                    .withColumn("fraud", lit(true))
                    .withColumn("scheme", lit(id));
            frauds.add(fraud.select(PURCHASE_COLUMNS));
        }
        return frauds.stream().reduce(Dataset::unionByName).orElseGet(() -> regularPurchases(consumers).limit(0));
    }

    // ---------------------------------------------------------------- prepaid balances

    /**
     * Purchases with a prepaid scheme draw on a balance the consumer tops up by topupYen (or a multiple) whenever a
     * purchase would overdraw it. After a top-up freeze only the remaining balance can be spent; purchases beyond it
     * are paid in cash instead. Adds topup_yen (the top-up made just before the purchase, 0 if none).
     */
    private Dataset<Row> fundFromBalances(Dataset<Row> purchases) {
        Map<String, SchemeSpec> prepaid = new LinkedHashMap<>();
        scenario.schemes().forEach((id, scheme) -> {
            if (scheme.funding() == Funding.TOPUP) {
                prepaid.put(id, scheme);
            }
        });
        Column itemCount = least(lit(MAX_ITEMS), greatest(lit(1), floor(col("amount_yen").divide(YEN_PER_ITEM)).cast("int")));
        if (prepaid.isEmpty()) {
            return purchases.withColumn("topup_yen", lit(0L)).withColumn("item_count", itemCount);
        }
        // One window pass over every purchase (not a union of prepaid and the rest, which would compute the
        // purchases twice); only prepaid schemes' rows use what it computes.
        Column isPrepaid = col("scheme").isin(prepaid.keySet().toArray());
        Column unit = bySchemeOf(prepaid, s -> lit((long) s.topupYen()));
        Column freeze = bySchemeOf(prepaid, s -> s.events().topupFreeze() == null ? lit(null).cast("date")
                : lit(Date.valueOf(s.events().topupFreeze())));
        WindowSpec running = Window.partitionBy("consumer_id", "scheme").orderBy("ts", "txn_id");
        // The same order with a whole-partition frame, so that Spark computes all three sums in one window pass.
        WindowSpec whole = running.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
        // The attackers' purchases are what the breach reports counted, so the freeze does not undo them: they
        // are funded as if topped up before it took effect.
        Column beforeFreeze = freeze.isNull().or(col("local_date").lt(freeze)).or(col("fraud"));
        Column preAmount = when(col("before_freeze"), col("amount_yen")).otherwise(0L);
        Column postAmount = when(col("before_freeze"), 0L).otherwise(col("amount_yen"));
        // Users of a scheme launched before the period start it with some balance left from earlier top-ups.
        Column opening = bySchemeOf(prepaid, s -> s.launch() == null || s.launch().isBefore(scenario.period().start())
                ? floor(random.uniform("opening_balance:" + schemeIdOf(s), col("consumer_id")).multiply(s.topupYen())).cast("long")
                : lit(0L));
        Dataset<Row> balances = purchases
                .withColumn("unit", unit)
                .withColumn("opening", when(isPrepaid, opening).otherwise(lit(0L)))
                .withColumn("before_freeze", beforeFreeze)
                .select(col("*"), sum(preAmount).over(running).as("cum_pre"), sum(preAmount).over(whole).as("total_pre"),
                        sum(postAmount).over(running).as("cum_post"));
        // Top-ups so far = ⌈(spent − opening balance) ÷ unit⌉; a purchase tops up the difference it makes.
        Column toppedUpAfter = ceil(greatest(lit(0L), col("cum_pre").minus(col("opening"))).divide(col("unit")));
        Column toppedUpBefore = ceil(greatest(lit(0L), col("cum_pre").minus(preAmount).minus(col("opening"))).divide(col("unit")));
        Column toppedUpTotal = ceil(greatest(lit(0L), col("total_pre").minus(col("opening"))).divide(col("unit")));
        Column balanceAtFreeze = col("opening").plus(toppedUpTotal.multiply(col("unit"))).minus(col("total_pre"));
        return balances
                .withColumn("topup_yen", when(isPrepaid.and(col("before_freeze")),
                        toppedUpAfter.minus(toppedUpBefore).multiply(col("unit"))).otherwise(lit(0L)).cast("long"))
                .withColumn("scheme", when(not(isPrepaid).or(col("before_freeze")).or(col("cum_post").leq(balanceAtFreeze)),
                        col("scheme")).otherwise(lit(cashScheme)))
                .withColumn("item_count", itemCount);
    }

    private String schemeIdOf(SchemeSpec scheme) {
        return scenario.schemes().entrySet().stream().filter(e -> e.getValue() == scheme).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static Column bySchemeOf(Map<String, SchemeSpec> schemes, Function<SchemeSpec, Column> value) {
        Column result = null;
        for (Map.Entry<String, SchemeSpec> entry : schemes.entrySet()) {
            Column condition = col("scheme").equalTo(entry.getKey());
            Column v = value.apply(entry.getValue());
            result = result == null ? when(condition, v) : result.when(condition, v);
        }
        return result;
    }

    /**
     * One row per top-up: the bank, the card issuer or cash puts topup_yen into the scheme's balance.
     *
     * @param transactions truth transactions (their topup_yen column)
     */
    public Dataset<Row> topups(Dataset<Row> transactions) {
        Map<String, SchemeSpec> prepaid = new LinkedHashMap<>();
        scenario.schemes().forEach((id, scheme) -> {
            if (scheme.funding() == Funding.TOPUP) {
                prepaid.put(id, scheme);
            }
        });
        // Attackers top up taken-over accounts with cards (7pay's first counter-measure was to stop card top-ups).
        Column source = when(col("fraud"), lit(TopupSource.CARD.id()))
                .otherwise(prepaid.isEmpty() ? lit(null).cast("string") : bySchemeOf(prepaid, s -> lit(s.topupFrom().id())));
        Column fundingOperator = when(source.equalTo(TopupSource.BANK.id()), col("bank"))
                .when(source.equalTo(TopupSource.CARD.id()), coalesce(col("card_issuer"), col("bank")));
        return transactions.filter(col("topup_yen").gt(0))
                .select(col("txn_id").as("topup_id"), col("consumer_id"), col("scheme"),
                        col("ts").minus(expr("INTERVAL " + TOPUP_LEAD_SECONDS + " SECONDS")).as("ts"),
                        col("local_date"), col("topup_yen").as("amount_yen"), source.as("source"),
                        fundingOperator.as("funding_operator"), col("fraud"));
    }

    // ---------------------------------------------------------------- baskets

    /**
     * Items split the amount exactly in random proportions; each item's category is drawn from the chain's mix.
     * A basket is computed as arrays within its purchase's row, so no window shuffles the items.
     */
    public Dataset<Row> basketItems(Dataset<Row> transactions) {
        Column txn = col("txn_id");
        Column amount = col("amount_yen");
        // Cumulative random weights give exact integer prices that add up to the amount: item i gets
        // floor(A·c_i/c_n) − floor(A·c_(i−1)/c_n), and the last cumulative weight over itself is exactly 1.
        Column weights = transform(sequence(lit(1), col("item_count")), item -> random.uniform("item_weight", txn, item).plus(0.2));
        Column cumulative = transform(col("weights"), (w, index) -> aggregate(slice(col("weights"), lit(1), index.plus(1)), lit(0.0),
                (sum, x) -> sum.plus(x)));
        Column total = element_at(col("cumulative"), -1);
        Column prices = transform(col("cumulative"), (c, index) -> floor(amount.multiply(c).divide(total))
                .minus(when(index.equalTo(0), lit(0L)).otherwise(floor(amount.multiply(element_at(col("cumulative"), index)).divide(total))))
                .cast("long"));
        Column item = col("item_no");
        return transactions
                .select(txn, chainNoOf(col("chain")).as("chain_no"), amount, col("item_count"))
                .withColumn("weights", weights)
                .withColumn("cumulative", cumulative)
                .select(txn, col("chain_no"), posexplode(prices).as(new String[]{"index", "price_yen"}))
                .withColumn("item_no", col("index").plus(1))
                .select(txn, item,
                        byChain(c -> Draws.weightedPick(random.uniform("item_category", txn, item), c.categories()))
                                .as("category"),
                        col("price_yen"));
    }
}
