package org.paylens.generate;

import org.paylens.logs.LogFormat;
import org.paylens.logs.LogFormats;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Fault;
import org.paylens.scenario.Funding;
import org.paylens.scenario.LoyaltySpec;
import org.paylens.scenario.Population;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeEvents;
import org.paylens.scenario.SchemeKind;
import org.paylens.scenario.SchemeSpec;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A scenario compiled for simulation: every lookup a consumer's simulation makes (chain → stores by region, scheme
 * → acceptance by chain, loyalty programme → chains) as arrays indexed by int, every purpose's hash key computed
 * once, and days as epoch days. Built on the driver and shipped to each task with its closure (a few kilobytes).
 */
final class WorldModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A day after every simulated day: "never". */
    static final int NEVER = Integer.MAX_VALUE;
    /** A day before any simulated day, for schemes adopted before the period (1970-01-01). */
    static final int LONG_AGO = 0;

    final long seed;
    final int firstDay;
    final int days;
    final double purchasesPerDay;

    // The population: names and cumulative shares of each attribute, and the factors they bring.
    final String[] regions;
    final double[] regionCumulative;
    final String[] ageBands;
    final double[] ageCumulative;
    /** walletAffinity ÷ its population mean, so that adoption keeps its mean. */
    final double[] walletAffinity;
    final String[] incomeBands;
    final double[] incomeCumulative;
    final double[] spendFactor;
    final double[] cardAffinity;
    final String[] banks;
    final double[] bankCumulative;
    final double cardHolderShare;
    final String[] issuers;
    final double[] issuerCumulative;

    // Chains.
    final String[] chains;
    final double[] chainCumulative;
    final double[] meanTicket;
    final boolean[] online;
    /** Stores of each chain in each region (an online shop's sites in every region). */
    final int[][] storesIn;
    /** The merchant id up to the store number, per chain and region ("lawson-kanto-"; online: "…-web-"). */
    final String[][] merchantPrefix;
    final String[][] categories;
    /** How a bank statement names each chain's merchants: its statementName, else its name. */
    final String[] statementName;
    final double[][] categoryCumulative;
    /** The point-of-sale log's fault draw of each chain. */
    final FaultDraw[] posFault;

    // Schemes.
    final String[] schemes;
    final SchemeKind[] kinds;
    final double[] adoption;
    final double[] weight;
    final int[] launch;
    final int[] shutdown;
    final int[] rampDays;
    /** Null where any bank's customers can hold it; else by bank index. */
    final boolean[][] bankAllowed;
    /** By scheme, then chain. */
    final boolean[][] accepted;
    final boolean[] prepaid;
    final int[] topupYen;
    final int[] topupFreeze;
    final String[] topupSource;
    /** The payment log's and top-up log's fault draw of each scheme; null where it has no such log. */
    final FaultDraw[] paymentFault;
    /** True for a scheme whose operator keeps a payment log (every scheme but cash). */
    final boolean[] paymentLog;
    final FaultDraw[] topupFault;
    final int cash;

    /** Closing schemes that send users to others: index, the shutdown, destinations and cumulative shares. */
    final int[] migrationFrom;
    final int[][] migrationTo;
    final double[][] migrationCumulative;

    /** Schemes breached in the period, with their days and damage. */
    final int[] breached;
    final int[] breachFirst;
    final int[] breachDays;
    final int[] damagePerVictim;
    /** The chains each breached scheme is accepted at (every chain where it is accepted everywhere). */
    final int[][] breachChains;

    // Loyalty programmes.
    final String[] loyalty;
    final double[] loyaltyAdoption;
    final double[] scanRate;
    final boolean[][] loyaltyAccepted;

    // Purpose keys: one per purpose (and per scheme or programme where the purpose names one).
    final long kRegion;
    final long kAge;
    final long kIncome;
    final long kBank;
    final long kCardHolder;
    final long kIssuer;
    final long[] kAdopt;
    final long[] kAdoptDay;
    final long[] kMigrate;
    final long[] kLoyalty;
    final long[] kVictim;
    final long[] kFraudCount;
    final long kFraudDay;
    final long kFraudChain;
    final long kFraudStore;
    final long kFraudTime;
    final long kPurchases;
    final long kChain;
    final long kStore;
    final long kTime;
    final long kAmount;
    final long[] kLoyaltyPick;
    final long kLoyaltyScan;
    final long[] kScheme;
    final long[] kOpening;
    final long kItemWeight;
    final long kItemCategory;

    // Pseudonyms: the key pair of each operator's id space, by what names the operator.
    final long[][] schemeOperatorRef;
    final String[] schemeOperator;
    final Funding[] funding;
    final long[][] bankRef;
    final long[][] issuerRef;
    final long[][] loyaltyOperatorRef;
    final String[] loyaltyOperator;

    /** The cumulative Poisson distribution of purchases per day, up to {@link ConsumerSimulation#MAX_PURCHASES_PER_DAY}. */
    final double[] poissonCumulative;

    WorldModel(Scenario scenario) {
        seed = scenario.seed();
        firstDay = (int) scenario.period().start().toEpochDay();
        days = scenario.period().days();
        Population population = scenario.population();
        purchasesPerDay = population.purchasesPerDay();

        regions = names(population.regions().keySet());
        regionCumulative = cumulative(population.regions().values(), Double::doubleValue);
        ageBands = names(population.ageBands().keySet());
        ageCumulative = cumulative(population.ageBands().values(), Population.AgeBand::share);
        walletAffinity = normalised(population.ageBands().values(), Population.AgeBand::share, Population.AgeBand::walletAffinity);
        incomeBands = names(population.incomeBands().keySet());
        incomeCumulative = cumulative(population.incomeBands().values(), Population.IncomeBand::share);
        spendFactor = normalised(population.incomeBands().values(), Population.IncomeBand::share, Population.IncomeBand::spendFactor);
        cardAffinity = normalised(population.incomeBands().values(), Population.IncomeBand::share, Population.IncomeBand::cardAffinity);
        banks = names(population.banks().keySet());
        bankCumulative = cumulative(population.banks().values(), Double::doubleValue);
        cardHolderShare = population.cardHolderShare();
        issuers = names(population.cardIssuers().keySet());
        issuerCumulative = cumulative(population.cardIssuers().values(), Double::doubleValue);

        List<String> chainIds = List.copyOf(scenario.chains().keySet());
        List<ChainSpec> chainSpecs = List.copyOf(scenario.chains().values());
        int chainCount = chainIds.size();
        chains = chainIds.toArray(String[]::new);
        chainCumulative = cumulative(chainSpecs, ChainSpec::visitShare);
        meanTicket = chainSpecs.stream().mapToDouble(c -> c.meanTicket().doubleValue()).toArray();
        online = new boolean[chainCount];
        storesIn = new int[chainCount][regions.length];
        merchantPrefix = new String[chainCount][regions.length];
        categories = new String[chainCount][];
        categoryCumulative = new double[chainCount][];
        statementName = chainSpecs.stream().map(c -> c.statementName() == null ? c.name() : c.statementName()).toArray(String[]::new);
        List<Double> regionShares = List.copyOf(population.regions().values());
        for (int c = 0; c < chainCount; c++) {
            ChainSpec chain = chainSpecs.get(c);
            online[c] = chain.online();
            for (int r = 0; r < regions.length; r++) {
                storesIn[c][r] = chain.online() ? chain.stores() : storesIn(chain, regionShares.get(r));
                merchantPrefix[c][r] = chains[c] + "-" + (chain.online() ? "web" : regions[r]) + "-";
            }
            categories[c] = names(chain.categories().keySet());
            categoryCumulative[c] = cumulative(chain.categories().values(), Double::doubleValue);
        }

        List<String> schemeIds = List.copyOf(scenario.schemes().keySet());
        List<SchemeSpec> specs = List.copyOf(scenario.schemes().values());
        int schemeCount = schemeIds.size();
        schemes = schemeIds.toArray(String[]::new);
        kinds = specs.stream().map(SchemeSpec::kind).toArray(SchemeKind[]::new);
        adoption = specs.stream().mapToDouble(s -> s.adoption() == null ? 0 : s.adoption()).toArray();
        weight = specs.stream().mapToDouble(SchemeSpec::weight).toArray();
        launch = specs.stream().mapToInt(s -> s.launch() == null ? Integer.MIN_VALUE : day(s.launch())).toArray();
        shutdown = specs.stream().mapToInt(s -> s.shutdown() == null ? NEVER : day(s.shutdown())).toArray();
        rampDays = specs.stream().mapToInt(SchemeSpec::rampDays).toArray();
        bankAllowed = new boolean[schemeCount][];
        accepted = new boolean[schemeCount][chainCount];
        prepaid = new boolean[schemeCount];
        topupYen = new int[schemeCount];
        topupFreeze = new int[schemeCount];
        topupSource = new String[schemeCount];
        for (int s = 0; s < schemeCount; s++) {
            SchemeSpec spec = specs.get(s);
            if (!spec.banks().isEmpty()) {
                bankAllowed[s] = new boolean[banks.length];
                for (int b = 0; b < banks.length; b++) {
                    bankAllowed[s][b] = spec.banks().contains(banks[b]);
                }
            }
            for (int c = 0; c < chainCount; c++) {
                accepted[s][c] = spec.acceptedAt().isEmpty() || spec.acceptedAt().contains(chains[c]);
            }
            prepaid[s] = spec.funding() == Funding.TOPUP;
            topupYen[s] = prepaid[s] ? spec.topupYen() : 0;
            topupFreeze[s] = spec.events().topupFreeze() == null ? NEVER : day(spec.events().topupFreeze());
            topupSource[s] = prepaid[s] ? spec.topupFrom().id() : null;
        }
        cash = cashScheme(scenario);

        List<Integer> from = new ArrayList<>();
        List<int[]> to = new ArrayList<>();
        List<double[]> toCumulative = new ArrayList<>();
        for (int s = 0; s < schemeCount; s++) {
            SchemeSpec closing = specs.get(s);
            if (closing.shutdown() == null || closing.events().migration().isEmpty()) {
                continue;
            }
            from.add(s);
            to.add(closing.events().migration().keySet().stream().mapToInt(schemeIds::indexOf).toArray());
            toCumulative.add(cumulativeOfShares(closing.events().migration().values()));
        }
        migrationFrom = from.stream().mapToInt(Integer::intValue).toArray();
        migrationTo = to.toArray(int[][]::new);
        migrationCumulative = toCumulative.toArray(double[][]::new);

        List<int[]> breaches = new ArrayList<>();
        List<int[]> breachChainList = new ArrayList<>();
        for (int s = 0; s < schemeCount; s++) {
            SchemeEvents.Breach breach = specs.get(s).events().breach();
            LocalDate start = scenario.period().start();
            LocalDate end = scenario.period().end();
            if (breach == null || breach.end().isBefore(start) || breach.start().isAfter(end)) {
                continue;
            }
            LocalDate first = breach.start().isBefore(start) ? start : breach.start();
            LocalDate last = breach.end().isAfter(end) ? end : breach.end();
            breaches.add(new int[]{s, day(first), (int) (last.toEpochDay() - first.toEpochDay()) + 1, breach.damagePerVictimYen()});
            int scheme = s;
            breachChainList.add(java.util.stream.IntStream.range(0, chainCount).filter(c -> accepted[scheme][c]).toArray());
        }
        breached = breaches.stream().mapToInt(b -> b[0]).toArray();
        breachFirst = breaches.stream().mapToInt(b -> b[1]).toArray();
        breachDays = breaches.stream().mapToInt(b -> b[2]).toArray();
        damagePerVictim = breaches.stream().mapToInt(b -> b[3]).toArray();
        breachChains = breachChainList.toArray(int[][]::new);

        List<String> programmes = List.copyOf(scenario.loyalty().keySet());
        List<LoyaltySpec> loyaltySpecs = List.copyOf(scenario.loyalty().values());
        loyalty = programmes.toArray(String[]::new);
        loyaltyAdoption = loyaltySpecs.stream().mapToDouble(LoyaltySpec::adoption).toArray();
        scanRate = loyaltySpecs.stream().mapToDouble(LoyaltySpec::scanRate).toArray();
        loyaltyAccepted = new boolean[loyalty.length][chainCount];
        for (int l = 0; l < loyalty.length; l++) {
            for (int c = 0; c < chainCount; c++) {
                loyaltyAccepted[l][c] = loyaltySpecs.get(l).acceptedAt().contains(chains[c]);
            }
        }

        paymentLog = new boolean[schemeCount];
        for (int s = 0; s < schemeCount; s++) {
            paymentLog[s] = kinds[s] != SchemeKind.CASH;
        }
        posFault = new FaultDraw[chainCount];
        paymentFault = new FaultDraw[schemeCount];
        topupFault = new FaultDraw[schemeCount];
        for (LogFormats.Log log : LogFormats.of(scenario)) {
            FaultDraw draw = FaultDraw.of(scenario, log);
            switch (log.kind()) {
                case POS -> posFault[chainIds.indexOf(log.subject())] = draw;
                case PAYMENT -> paymentFault[schemeIds.indexOf(log.subject())] = draw;
                case TOPUP -> topupFault[schemeIds.indexOf(log.subject())] = draw;
            }
        }

        kRegion = key("region");
        kAge = key("age_band");
        kIncome = key("income_band");
        kBank = key("bank");
        kCardHolder = key("card_holder");
        kIssuer = key("card_issuer");
        kAdopt = keys("adopt:", schemes);
        kAdoptDay = keys("adopt_day:", schemes);
        kMigrate = keys("migrate:", schemes);
        kLoyalty = keys("loyalty:", loyalty);
        kVictim = keys("victim:", schemes);
        kFraudCount = keys("fraud_count:", schemes);
        kFraudDay = key("fraud_day");
        kFraudChain = key("fraud_chain");
        kFraudStore = key("fraud_store");
        kFraudTime = key("fraud_time");
        kPurchases = key("purchases");
        kChain = key("chain");
        kStore = key("store");
        kTime = key("time");
        kAmount = key("amount");
        kLoyaltyPick = keys("loyalty_pick:", loyalty);
        kLoyaltyScan = key("loyalty_scan");
        kScheme = keys("scheme:", schemes);
        kOpening = keys("opening_balance:", schemes);
        kItemWeight = key("item_weight");
        kItemCategory = key("item_category");

        schemeOperator = specs.stream().map(SchemeSpec::operator).toArray(String[]::new);
        funding = specs.stream().map(SchemeSpec::funding).toArray(Funding[]::new);
        schemeOperatorRef = refKeys(schemeOperator);
        bankRef = refKeys(banks);
        issuerRef = refKeys(issuers);
        loyaltyOperator = loyaltySpecs.stream().map(LoyaltySpec::operator).toArray(String[]::new);
        loyaltyOperatorRef = refKeys(loyaltyOperator);

        poissonCumulative = poisson(purchasesPerDay, ConsumerSimulation.MAX_PURCHASES_PER_DAY);
    }

    int day(LocalDate date) {
        return (int) date.toEpochDay();
    }

    private long key(String purpose) {
        return Rng.purpose(seed, purpose);
    }

    private long[] keys(String prefix, String[] ids) {
        long[] keys = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = key(prefix + ids[i]);
        }
        return keys;
    }

    private long[][] refKeys(String[] operators) {
        long[][] keys = new long[operators.length][];
        for (int i = 0; i < operators.length; i++) {
            keys[i] = refKey(operators[i]);
        }
        return keys;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The pseudonymous id of a consumer in one operator's id space: 32 hex digits of two keyed 64-bit hashes, so
     * that ids of different operators cannot be joined without the truth's mapping (truth/id_map).
     */
    static String pseudonym(long[] operatorKeys, long consumer) {
        char[] digits = new char[32];
        for (int half = 0; half < 2; half++) {
            long h = Rng.hash(operatorKeys[half], consumer);
            for (int i = 15; i >= 0; i--) {
                digits[half * 16 + i] = HEX[(int) (h & 0xF)];
                h >>>= 4;
            }
        }
        return new String(digits);
    }

    /** An item's weight in its basket: a whole number in [MIN_ITEM_WEIGHT, MIN_ITEM_WEIGHT + ITEM_WEIGHT_RANGE). */
    private static final int MIN_ITEM_WEIGHT = 200;
    private static final int ITEM_WEIGHT_RANGE = 1000;

    /**
     * A purchase's basket, a function of the purchase alone: items split the amount exactly in whole yen — each item
     * draws a whole-number weight and item i gets ⌊A·C_i/C_n⌋ − ⌊A·C_(i−1)/C_n⌋ of the amount A, C_i being the
     * cumulative weights, so the prices add up to A — and each item's category is drawn from the chain's mix.
     *
     * @param prices     filled with the items' prices
     * @param categories filled with the items' categories, as positions in the chain's categories
     */
    void basket(long txn, int chain, long amount, int itemCount, long[] prices, int[] categories) {
        long total = 0;
        for (int i = 0; i < itemCount; i++) {
            total += MIN_ITEM_WEIGHT + (long) Math.floor(Rng.uniform(kItemWeight, txn, i + 1) * ITEM_WEIGHT_RANGE);
            prices[i] = total; // the cumulative weight for now
        }
        long previous = 0;
        for (int i = 0; i < itemCount; i++) {
            long upTo = Math.multiplyExact(amount, prices[i]) / total;
            prices[i] = upTo - previous;
            previous = upTo;
            categories[i] = pick(categoryCumulative[chain], Rng.uniform(kItemCategory, txn, i + 1));
        }
    }

    /** A store's merchant id: the chain's prefix for the region and the store's number in five digits. */
    String merchantId(int chain, int region, int store) {
        String number = Integer.toString(store);
        StringBuilder id = new StringBuilder(merchantPrefix[chain][region]);
        for (int i = number.length(); i < ConsumerSimulation.MERCHANT_NUMBER_DIGITS; i++) {
            id.append('0');
        }
        return id.append(number).toString();
    }

    /** The key pair of an operator's id space, for {@link #pseudonym}. */
    long[] refKey(String operator) {
        return new long[]{key("pseudonym:" + operator), key("pseudonym#2:" + operator)};
    }

    /** The scheme purchases fall back to: the cash scheme accepted everywhere. */
    static int cashScheme(Scenario scenario) {
        int index = 0;
        for (SchemeSpec scheme : scenario.schemes().values()) {
            if (scheme.kind() == SchemeKind.CASH && scheme.acceptedAt().isEmpty()) {
                return index;
            }
            index++;
        }
        throw new IllegalArgumentException("the scenario has no cash scheme accepted everywhere");
    }

    /** A chain's stores in a region with the given share of the population: at least one. */
    static int storesIn(ChainSpec chain, double regionShare) {
        return (int) Math.max(1, Math.round(chain.stores() * regionShare));
    }

    private static String[] names(Collection<String> keys) {
        return keys.toArray(String[]::new);
    }

    /** Cumulative shares normalised to end at exactly 1, so that a draw below 1 always picks. */
    static <T> double[] cumulative(Collection<T> values, ToDoubleFunction<T> share) {
        double total = values.stream().mapToDouble(share).sum();
        double[] cumulative = new double[values.size()];
        double sum = 0;
        int i = 0;
        for (T value : values) {
            sum += share.applyAsDouble(value);
            cumulative[i++] = sum / total;
        }
        if (cumulative.length > 0) {
            cumulative[cumulative.length - 1] = 1.0;
        }
        return cumulative;
    }

    /** Cumulative shares as they are (summing to at most 1): the remainder picks none. */
    private static double[] cumulativeOfShares(Collection<Double> shares) {
        double[] cumulative = new double[shares.size()];
        double sum = 0;
        int i = 0;
        for (double share : shares) {
            sum += share;
            cumulative[i++] = sum;
        }
        return cumulative;
    }

    /** Each band's factor divided by its population-weighted mean, so that the population mean stays 1. */
    private static <T> double[] normalised(Collection<T> bands, ToDoubleFunction<T> share, ToDoubleFunction<T> factor) {
        double mean = bands.stream().mapToDouble(b -> share.applyAsDouble(b) * factor.applyAsDouble(b)).sum();
        return bands.stream().mapToDouble(b -> factor.applyAsDouble(b) / mean).toArray();
    }

    private static double[] poisson(double mean, int max) {
        double[] cumulative = new double[max + 1];
        double p = Math.exp(-mean);
        double sum = 0;
        for (int k = 0; k <= max; k++) {
            if (k > 0) {
                p = p * mean / k;
            }
            sum += p;
            cumulative[k] = sum;
        }
        cumulative[max] = 1.0;
        return cumulative;
    }

    /** The first index whose cumulative share exceeds u (u in [0, 1)). */
    static int pick(double[] cumulative, double u) {
        int i = 0;
        while (i < cumulative.length - 1 && u >= cumulative[i]) {
            i++;
        }
        return i;
    }

    /** The index whose cumulative share exceeds u, or -1 when u falls in the remainder. */
    static int pickOrNone(double[] cumulative, double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The fault a log's record is written with: faults.rate of the records, the kind drawn with the weights of
     * faults.kinds among those the log's format can carry; null where no fault can be drawn.
     */
    record FaultDraw(String log, long rateKey, long kindKey, double rate, String[] kinds, double[] cumulative) implements Serializable {
        static FaultDraw of(Scenario scenario, LogFormats.Log log) {
            LogFormat format = log.format();
            Map<String, Double> weights = new LinkedHashMap<>();
            scenario.faults().kinds().forEach((kind, weight) -> {
                if (format.faults().stream().map(Fault::id).anyMatch(kind::equals)) {
                    weights.put(kind, weight);
                }
            });
            if (weights.isEmpty() || scenario.faults().rate() == 0) {
                return null;
            }
            String purpose = switch (log.kind()) {
                case POS -> "pos:";
                case PAYMENT -> "payment:";
                case TOPUP -> "topup:";
            } + log.subject();
            return new FaultDraw(log.name(), Rng.purpose(scenario.seed(), "fault:" + purpose), Rng.purpose(scenario.seed(), "fault_kind:" + purpose),
                    scenario.faults().rate(), weights.keySet().toArray(String[]::new), WorldModel.cumulative(weights.values(), Double::doubleValue));
        }

        /** The fault of the record with this id, or null. */
        String of(long recordId) {
            if (Rng.uniform(rateKey, recordId) >= rate) {
                return null;
            }
            return kinds[pick(cumulative, Rng.uniform(kindKey, recordId))];
        }
    }

}
