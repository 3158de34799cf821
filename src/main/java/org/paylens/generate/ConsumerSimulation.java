package org.paylens.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One consumer as an agent: who they are, which schemes and points cards they hold from which day, and their
 * days in order — purchases (with baskets), the top-ups their prepaid balances need, the breach's fraudulent
 * purchases when their account is taken over. Plain Java over int-indexed arrays ({@link WorldModel}); every draw
 * is {@link Rng} keyed by the consumer, the consumer-day, the purchase or the item, never by the order consumers
 * are simulated in. One instance simulates many consumers, one after another, reusing its buffers.
 */
final class ConsumerSimulation {
    /** At most this many purchases per consumer-day; it also bounds the transaction id arithmetic. */
    static final int MAX_PURCHASES_PER_DAY = 63;
    static final int ID_SLOTS_PER_DAY = MAX_PURCHASES_PER_DAY + 1;
    private static final double TICKET_SIGMA = 0.6;
    private static final int MIN_TICKET_YEN = 10;
    /** A basket holds one item per this many yen of its amount, at least one and at most {@link #MAX_ITEMS}. */
    private static final int YEN_PER_ITEM = 300;
    static final int MAX_ITEMS = 20;
    /** Store numbers in merchant ids have this many digits (the validator caps chains' stores to fit). */
    static final int MERCHANT_NUMBER_DIGITS = 5;
    private static final int OPENING_SECOND = 7 * 3600;
    private static final int OPEN_SECONDS = 16 * 3600;
    private static final long JST_OFFSET_SECONDS = 9 * 3600;
    /** Fraudulent purchases per victim: at least this many, and up to this many more. */
    private static final int MIN_FRAUD_PURCHASES = 3;
    private static final int EXTRA_FRAUD_PURCHASES = 6;
    static final int FRAUD_ID_SLOTS = 16;

    /** One purchase of the consumer; instances are pooled and overwritten by the next consumer. */
    static final class Purchase {
        long txnId;
        int day;
        long tsSeconds;
        int chain;
        int store;
        long amountYen;
        int scheme;
        int loyalty;
        boolean fraud;
        long topupYen;
        int itemCount;
        final long[] prices = new long[MAX_ITEMS];
        final int[] categories = new int[MAX_ITEMS];

    }

    private final WorldModel world;
    /** Per breached scheme (as {@link WorldModel#breached}), the victims' consumer ids, sorted. */
    private final long[][] victims;
    private final long firstFraudId;

    // The consumer simulated last.
    long consumerId;
    int region;
    int ageBand;
    int incomeBand;
    int bank;
    boolean cardHolder;
    int issuer;
    /** The first day each scheme is held, or NEVER. */
    final int[] heldFrom;
    final boolean[] loyaltyHeld;
    private final boolean[] adopts;
    private final int[] migratedFrom;
    /** Their purchases in time order, {@link #purchaseCount} of the pool. */
    final List<Purchase> purchases = new ArrayList<>();
    int purchaseCount;
    private final long[] balance;
    private final double[] raceTimes;

    ConsumerSimulation(WorldModel world, long[][] victims, long consumers) {
        this.world = world;
        this.victims = victims;
        this.firstFraudId = consumers * world.days * ID_SLOTS_PER_DAY;
        this.heldFrom = new int[world.schemes.length];
        this.adopts = new boolean[world.schemes.length];
        this.migratedFrom = new int[world.schemes.length];
        this.loyaltyHeld = new boolean[world.loyalty.length];
        this.balance = new long[world.schemes.length];
        this.raceTimes = new double[Math.max(world.schemes.length, world.loyalty.length)];
    }

    WorldModel world() {
        return world;
    }

    /** The consumer's attributes, schemes held and points cards: what truth/consumers has. */
    void person(long id) {
        WorldModel w = world;
        consumerId = id;
        region = WorldModel.pick(w.regionCumulative, Rng.uniform(w.kRegion, id));
        ageBand = WorldModel.pick(w.ageCumulative, Rng.uniform(w.kAge, id));
        incomeBand = WorldModel.pick(w.incomeCumulative, Rng.uniform(w.kIncome, id));
        bank = WorldModel.pick(w.bankCumulative, Rng.uniform(w.kBank, id));
        cardHolder = Rng.uniform(w.kCardHolder, id) < Math.min(1.0, w.cardAffinity[incomeBand] * w.cardHolderShare);
        issuer = cardHolder && w.issuers.length > 0 ? WorldModel.pick(w.issuerCumulative, Rng.uniform(w.kIssuer, id)) : -1;
        for (int s = 0; s < w.schemes.length; s++) {
            adopts[s] = adopts(s);
            migratedFrom[s] = WorldModel.NEVER;
        }
        // A user of a closing scheme moves to one of its destinations (or none) the day after it shuts; where two
        // closing schemes send a consumer to one scheme, the later in the scenario decides.
        for (int m = 0; m < w.migrationFrom.length; m++) {
            int closing = w.migrationFrom[m];
            int destination = WorldModel.pickOrNone(w.migrationCumulative[m], Rng.uniform(w.kMigrate[closing], id));
            if (adopts[closing] && destination >= 0) {
                migratedFrom[w.migrationTo[m][destination]] = w.shutdown[closing] + 1;
            }
        }
        for (int s = 0; s < w.schemes.length; s++) {
            int own = adopts[s] ? adoptionDay(s) : WorldModel.NEVER;
            heldFrom[s] = Math.min(own, migratedFrom[s]);
        }
        for (int l = 0; l < w.loyalty.length; l++) {
            loyaltyHeld[l] = Rng.uniform(w.kLoyalty[l], id) < w.loyaltyAdoption[l];
        }
    }

    private boolean adopts(int s) {
        WorldModel w = world;
        double draw = Rng.uniform(w.kAdopt[s], consumerId);
        boolean adopts = switch (w.kinds[s]) {
            case CASH -> true;
            case CARD -> cardHolder && draw < w.adoption[s];
            default -> draw < Math.min(1.0, w.walletAffinity[ageBand] * w.adoption[s]);
        };
        return adopts && (w.bankAllowed[s] == null || w.bankAllowed[s][bank]);
    }

    /** Launch plus an even draw over rampDays; long ago for a scheme launched before anyone counted. */
    private int adoptionDay(int s) {
        if (world.launch[s] == Integer.MIN_VALUE) {
            return WorldModel.LONG_AGO;
        }
        return world.launch[s] + (int) Math.floor(Rng.uniform(world.kAdoptDay[s], consumerId) * (world.rampDays[s] + 1));
    }

    /** The draw that ranks the users of a breached scheme: the lowest round(victimShare × users) are its victims. */
    double victimDraw(int scheme) {
        return Rng.uniform(world.kVictim[scheme], consumerId);
    }

    /**
     * Sorts the purchases by time, then id: an insertion sort, since the days come in order and only a day's few
     * purchases and the rare fraudulent ones are out of place (cheaper than a general sort, and quick for the JIT).
     */
    private void sortTimeline() {
        for (int i = 1; i < purchaseCount; i++) {
            Purchase p = purchases.get(i);
            int j = i;
            while (j > 0 && later(purchases.get(j - 1), p)) {
                purchases.set(j, purchases.get(j - 1));
                j--;
            }
            purchases.set(j, p);
        }
    }

    private static boolean later(Purchase a, Purchase b) {
        return a.tsSeconds > b.tsSeconds || (a.tsSeconds == b.tsSeconds && a.txnId > b.txnId);
    }

    /** Simulates the consumer whole: {@link #person}, then every purchase of the period, in time order. */
    void simulate(long id, boolean baskets) {
        person(id);
        WorldModel w = world;
        purchaseCount = 0;
        // Fraudulent purchases first, then each day's regular purchases; the timeline is sorted once.
        addFraud();
        for (int d = 0; d < w.days; d++) {
            int day = w.firstDay + d;
            int count = WorldModel.pick(w.poissonCumulative, Rng.uniform(w.kPurchases, id, d));
            for (int n = 0; n < count; n++) {
                regularPurchase(next(), (id * w.days + d) * ID_SLOTS_PER_DAY + n, day);
            }
        }
        sortTimeline();
        fundFromBalances();
        for (int i = 0; i < purchaseCount; i++) {
            Purchase p = purchases.get(i);
            p.itemCount = (int) Math.min(MAX_ITEMS, Math.max(1, p.amountYen / YEN_PER_ITEM));
            if (baskets) {
                w.basket(p.txnId, p.chain, p.amountYen, p.itemCount, p.prices, p.categories);
            }
        }
    }

    private Purchase next() {
        if (purchaseCount == purchases.size()) {
            purchases.add(new Purchase());
        }
        return purchases.get(purchaseCount++);
    }

    private void regularPurchase(Purchase p, long txn, int day) {
        WorldModel w = world;
        p.txnId = txn;
        p.day = day;
        p.fraud = false;
        p.topupYen = 0;
        int chain = WorldModel.pick(w.chainCumulative, Rng.uniform(w.kChain, txn));
        p.chain = chain;
        p.store = (int) Math.floor(Rng.uniform(w.kStore, txn) * w.storesIn[chain][region]);
        p.tsSeconds = timestamp(day, Rng.uniform(w.kTime, txn));
        double mean = w.meanTicket[chain] * w.spendFactor[incomeBand];
        double ticket = mean * Math.exp(Rng.normal(w.kAmount, txn) * TICKET_SIGMA - TICKET_SIGMA * TICKET_SIGMA / 2);
        p.amountYen = Math.max(MIN_TICKET_YEN, Math.round(ticket));
        p.loyalty = loyaltyScan(txn, chain);
        p.scheme = schemePick(txn, chain, day);
    }

    /** Seconds since the epoch of a time in opening hours (7:00–23:00 Japan time) of the day. */
    private static long timestamp(int day, double u) {
        return day * 86_400L - JST_OFFSET_SECONDS + OPENING_SECOND + (long) Math.floor(u * OPEN_SECONDS);
    }

    /** The programme whose card is scanned: one of those held and accepted at the chain, evenly; or none (-1). */
    private int loyaltyScan(long txn, int chain) {
        WorldModel w = world;
        int pick = -1;
        double first = Double.POSITIVE_INFINITY;
        for (int l = 0; l < w.loyalty.length; l++) {
            if (loyaltyHeld[l] && w.loyaltyAccepted[l][chain]) {
                double time = Rng.uniform(w.kLoyaltyPick[l], txn);
                if (time < first) {
                    first = time;
                    pick = l;
                }
            }
        }
        return pick >= 0 && Rng.uniform(w.kLoyaltyScan, txn) < w.scanRate[pick] ? pick : -1;
    }

    /**
     * The scheme used: among those held that day, live and accepted at the chain, one drawn in proportion to the
     * weights by an exponential race (each draws −ln(u)/weight, the smallest wins). A scheme that shuts down stops
     * being usable, so its users move to the others they hold, or to those they migrate to.
     */
    private int schemePick(long txn, int chain, int day) {
        WorldModel w = world;
        int pick = w.cash;
        double first = Double.POSITIVE_INFINITY;
        for (int s = 0; s < w.schemes.length; s++) {
            if (heldFrom[s] <= day && w.launch[s] <= day && day <= w.shutdown[s] && w.accepted[s][chain] && w.weight[s] > 0) {
                double time = Rng.exponential(Rng.uniform(w.kScheme[s], txn)) / w.weight[s];
                if (time < first) {
                    first = time;
                    pick = s;
                }
            }
        }
        return pick;
    }

    /**
     * The attacker's purchases when this consumer is a victim of a breach: a few purchases over the breach's days at
     * stores accepting the scheme, splitting the damage per victim exactly.
     */
    private void addFraud() {
        WorldModel w = world;
        for (int b = 0; b < w.breached.length; b++) {
            if (Arrays.binarySearch(victims[b], consumerId) < 0) {
                continue;
            }
            int s = w.breached[b];
            int count = (int) Math.floor(Rng.uniform(w.kFraudCount[s], consumerId) * (EXTRA_FRAUD_PURCHASES + 1)) + MIN_FRAUD_PURCHASES;
            long damage = w.damagePerVictim[b];
            for (int j = 0; j < count; j++) {
                Purchase p = next();
                long txn = firstFraudId + consumerId * w.schemes.length * FRAUD_ID_SLOTS + (long) s * FRAUD_ID_SLOTS + j;
                p.txnId = txn;
                p.day = w.breachFirst[b] + (int) Math.floor(Rng.uniform(w.kFraudDay, txn) * w.breachDays[b]);
                int[] chains = w.breachChains[b];
                p.chain = chains[(int) Math.floor(Rng.uniform(w.kFraudChain, txn) * chains.length)];
                p.store = (int) Math.floor(Rng.uniform(w.kFraudStore, txn) * w.storesIn[p.chain][region]);
                p.tsSeconds = timestamp(p.day, Rng.uniform(w.kFraudTime, txn));
                p.amountYen = damage * (j + 1) / count - damage * j / count;
                p.scheme = s;
                p.loyalty = -1;
                p.fraud = true;
                p.topupYen = 0;
            }
        }
    }

    /**
     * Purchases with a prepaid scheme draw on a balance, in the order they happen: one that would overdraw it first
     * tops it up by the scheme's topupYen as many times as it takes. From a top-up freeze on, only the balance left
     * can be spent; a purchase it does not cover is paid in cash instead. The attackers' purchases are what the
     * breach reports counted, so the freeze does not undo them: they are funded as if topped up before it.
     * Users of a scheme launched before the period start with some balance left from earlier top-ups.
     */
    private void fundFromBalances() {
        WorldModel w = world;
        for (int s = 0; s < w.schemes.length; s++) {
            if (w.prepaid[s]) {
                boolean before = w.launch[s] < w.firstDay;
                balance[s] = before ? (long) Math.floor(Rng.uniform(w.kOpening[s], consumerId) * w.topupYen[s]) : 0;
            }
        }
        for (int i = 0; i < purchaseCount; i++) {
            Purchase p = purchases.get(i);
            int s = p.scheme;
            if (!w.prepaid[s]) {
                continue;
            }
            if (p.fraud || p.day < w.topupFreeze[s]) {
                if (balance[s] < p.amountYen) {
                    long units = (p.amountYen - balance[s] + w.topupYen[s] - 1) / w.topupYen[s];
                    p.topupYen = units * w.topupYen[s];
                    balance[s] += p.topupYen;
                }
                balance[s] -= p.amountYen;
            } else if (balance[s] >= p.amountYen) {
                balance[s] -= p.amountYen;
            } else {
                p.scheme = w.cash;
            }
        }
    }
}
