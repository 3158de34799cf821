package org.paylens.generate;

import org.junit.jupiter.api.Test;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent simulation in plain Java, without Spark: what a consumer's timeline must satisfy. */
class ConsumerSimulationTest {
    private static final Scenario TINY = ScenarioLoader.load("tiny", List.of("population.consumers=400"));
    private static final WorldModel WORLD = new WorldModel(TINY);
    private static final long[][] NO_VICTIMS = new long[WORLD.breached.length][0];

    /** Pinned: a change to these changes every generated world (update them only on purpose). */
    @Test
    void pinnedValues() {
        long key = Rng.purpose(20190930L, "test");
        assertThat(Rng.hash(key, 0)).isEqualTo(PINNED_HASH_0);
        assertThat(Rng.uniform(key, 1)).isEqualTo(PINNED_UNIFORM_1);
        assertThat(WorldModel.pseudonym(WORLD.bankRef[0], 2)).isEqualTo(PINNED_PSEUDONYM_2);
        ConsumerSimulation consumer = new ConsumerSimulation(WORLD, NO_VICTIMS, 400);
        consumer.simulate(7, true);
        ConsumerSimulation.Purchase first = consumer.purchases.get(0);
        assertThat(List.of(consumer.purchaseCount, first.txnId, first.amountYen, WORLD.chains[first.chain], WORLD.schemes[first.scheme]))
                .isEqualTo(PINNED_CONSUMER_7);
    }

    @Test
    void uniformsLieInTheUnitIntervalAndLookUniform() {
        long key = Rng.purpose(7, "test");
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double u = Rng.uniform(key, i);
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            sum += u;
        }
        // mean of 100,000 uniforms: 0.5 ± 0.00091 (1 s.d.); 5 s.d. bounds
        assertThat(sum / n).isBetween(0.4954, 0.5046);
        assertThat(Rng.hash(Rng.purpose(7, "a"), 1)).isNotEqualTo(Rng.hash(Rng.purpose(7, "b"), 1));
        assertThat(Rng.hash(Rng.purpose(7, "a"), 1)).isNotEqualTo(Rng.hash(Rng.purpose(8, "a"), 1));
    }

    @Test
    void aConsumerIsTheSameWhateverWasSimulatedBefore() {
        ConsumerSimulation fresh = new ConsumerSimulation(WORLD, NO_VICTIMS, 400);
        fresh.simulate(42, true);
        List<String> alone = timeline(fresh);
        ConsumerSimulation reused = new ConsumerSimulation(WORLD, NO_VICTIMS, 400);
        for (long id = 300; id > 42; id--) {
            reused.simulate(id, true);
        }
        reused.simulate(42, true);
        assertThat(timeline(reused)).isEqualTo(alone);
    }

    @Test
    void basketsSplitEachAmountExactlyInWholeYen() {
        ConsumerSimulation consumer = new ConsumerSimulation(WORLD, NO_VICTIMS, 400);
        long purchases = 0;
        for (long id = 0; id < 200; id++) {
            consumer.simulate(id, true);
            for (int i = 0; i < consumer.purchaseCount; i++) {
                ConsumerSimulation.Purchase p = consumer.purchases.get(i);
                long sum = 0;
                for (int item = 0; item < p.itemCount; item++) {
                    assertThat(p.prices[item]).isGreaterThanOrEqualTo(0);
                    sum += p.prices[item];
                }
                assertThat(sum).as("basket of %d", p.txnId).isEqualTo(p.amountYen);
                purchases++;
            }
        }
        assertThat(purchases).isGreaterThan(10_000);
    }

    @Test
    void theTimelineIsInOrderAndPrepaidBalancesNeverGoBelowZero() {
        ConsumerSimulation consumer = new ConsumerSimulation(WORLD, NO_VICTIMS, 400);
        Set<Long> ids = new HashSet<>();
        int topups = 0;
        for (long id = 0; id < 400; id++) {
            consumer.simulate(id, false);
            Map<Integer, Long> balance = new HashMap<>();
            for (int i = 0; i < consumer.purchaseCount; i++) {
                ConsumerSimulation.Purchase p = consumer.purchases.get(i);
                assertThat(ids.add(p.txnId)).as("txn ids are unique").isTrue();
                if (i > 0) {
                    assertThat(p.tsSeconds).isGreaterThanOrEqualTo(consumer.purchases.get(i - 1).tsSeconds);
                }
                assertThat(consumer.heldFrom[p.scheme]).isLessThanOrEqualTo(p.day);
                assertThat(WORLD.accepted[p.scheme][p.chain]).isTrue();
                if (WORLD.prepaid[p.scheme]) {
                    long before = balance.computeIfAbsent(p.scheme, s -> openingBalance(consumer, s));
                    assertThat(p.topupYen % WORLD.topupYen[p.scheme]).isZero();
                    long after = before + p.topupYen - p.amountYen;
                    assertThat(after).isGreaterThanOrEqualTo(0);
                    if (p.topupYen > 0) {
                        assertThat(after).as("a top-up is the fewest units that cover the purchase").isLessThan(WORLD.topupYen[p.scheme]);
                    }
                    balance.put(p.scheme, after);
                    if (p.topupYen > 0) {
                        topups++;
                        assertThat(p.day).isLessThan(WORLD.topupFreeze[p.scheme]);
                    }
                } else {
                    assertThat(p.topupYen).isZero();
                }
            }
        }
        assertThat(topups).isGreaterThan(100);
    }

    @Test
    void aClosedSchemeIsNotUsedAfterItsLastDayAndItsUsersMigrate() {
        int sevenPay = List.of(WORLD.schemes).indexOf("7pay");
        int lastDay = (int) LocalDate.of(2019, 9, 30).toEpochDay();
        ConsumerSimulation consumer = new ConsumerSimulation(WORLD, NO_VICTIMS, 400);
        int usersAfter = 0;
        int migrated = 0;
        for (long id = 0; id < 400; id++) {
            consumer.simulate(id, false);
            for (int i = 0; i < consumer.purchaseCount; i++) {
                ConsumerSimulation.Purchase p = consumer.purchases.get(i);
                if (p.scheme == sevenPay && p.day > lastDay) {
                    usersAfter++;
                }
            }
            if (consumer.heldFrom[sevenPay] != WorldModel.NEVER) {
                for (int s = 0; s < WORLD.schemes.length; s++) {
                    if (consumer.heldFrom[s] == lastDay + 1) {
                        migrated++;
                    }
                }
            }
        }
        assertThat(usersAfter).isZero();
        assertThat(migrated).isGreaterThan(0);
    }

    @Test
    void aVictimGetsTheDamageSplitOverTheBreachDays() {
        WorldModel breach = new WorldModel(ScenarioLoader.load("breach-2019", List.of("population.consumers=400")));
        int b = 0;
        int sevenPay = breach.breached[b];
        ConsumerSimulation probe = new ConsumerSimulation(breach, NO_VICTIMS, 400);
        long victim = -1;
        for (long id = 0; id < 400 && victim < 0; id++) {
            probe.person(id);
            if (probe.heldFrom[sevenPay] <= breach.breachFirst[b]) {
                victim = id;
            }
        }
        assertThat(victim).as("a 7pay user on the breach's first day").isNotNegative();
        long[][] victims = new long[breach.breached.length][0];
        victims[b] = new long[]{victim};
        ConsumerSimulation consumer = new ConsumerSimulation(breach, victims, 400);
        consumer.simulate(victim, false);
        long damage = 0;
        int frauds = 0;
        for (int i = 0; i < consumer.purchaseCount; i++) {
            ConsumerSimulation.Purchase p = consumer.purchases.get(i);
            if (p.fraud) {
                frauds++;
                damage += p.amountYen;
                assertThat(p.scheme).isEqualTo(sevenPay);
                assertThat(p.day).isBetween(breach.breachFirst[b], breach.breachFirst[b] + breach.breachDays[b] - 1);
            }
        }
        assertThat(frauds).isBetween(3, 9);
        assertThat(damage).isEqualTo(breach.damagePerVictim[b]);
    }

    private static long openingBalance(ConsumerSimulation consumer, int scheme) {
        return WORLD.launch[scheme] < WORLD.firstDay
                ? (long) Math.floor(Rng.uniform(WORLD.kOpening[scheme], consumer.consumerId) * WORLD.topupYen[scheme]) : 0;
    }

    private static List<String> timeline(ConsumerSimulation consumer) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < consumer.purchaseCount; i++) {
            ConsumerSimulation.Purchase p = consumer.purchases.get(i);
            rows.add(p.txnId + " " + p.tsSeconds + " " + p.chain + " " + p.store + " " + p.amountYen + " " + p.scheme + " "
                    + p.loyalty + " " + p.topupYen + " " + p.itemCount + " " + p.prices[0] + " " + p.categories[0]);
        }
        return rows;
    }

    // Values this code produced when pinned.
    static final long PINNED_HASH_0 = -2629786198095707159L;
    static final double PINNED_UNIFORM_1 = 0.9488296730403539;
    static final String PINNED_PSEUDONYM_2 = "8896927cee1b80f27bb63ab1cdb5b57b";
    /** Tiny at 400 consumers, consumer 7: purchases, and the first one's id, amount, chain and scheme. */
    static final List<Object> PINNED_CONSUMER_7 = List.of(44, 27328L, 3213L, "aeon", "cash");
}
