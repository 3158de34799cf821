package org.paylens.measure;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.SparkTestSession;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import org.paylens.scenario.Unicity;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each measure on a few hand-made rows whose answers are worked out in the comments. */
class MeasuresTest {
    private static final String HOLDINGS = "entity STRING, entity_kind STRING, txn_id BIGINT, month STRING, local_date DATE, "
            + "merchant_id STRING, chain STRING, amount_yen BIGINT, item_count INT, sees_amount BOOLEAN, sees_time BOOLEAN, "
            + "sees_merchant BOOLEAN, sees_basket BOOLEAN, linked BOOLEAN, profile STRING";
    private static SparkSession spark;
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> json(String schema, String... rows) {
        return spark.read().schema(schema).json(spark.createDataset(List.of(rows), Encoders.STRING()));
    }

    private static String holding(String entity, long txn, String merchant, String date, long yen, int items, boolean basket,
                                  boolean linked, String profile) {
        return ("{'entity':'%s','entity_kind':'operator','txn_id':%d,'month':'%s','local_date':'%s','merchant_id':'%s',"
                + "'chain':'%s','amount_yen':%d,'item_count':%d,'sees_amount':true,'sees_time':true,'sees_merchant':true,"
                + "'sees_basket':%b,'linked':%b,'profile':%s}").formatted(entity, txn, date.substring(0, 7), date, merchant,
                merchant.substring(0, 1), yen, items, basket, linked, linked ? "'" + profile + "'" : "null").replace('\'', '"');
    }

    @Test
    void coverageReachDepthAndFidelityOfTwoOperatorsByHand() {
        // Three consumers; c1 buys t1 (¥100 of food) and t2 (¥300 of clothing at a food merchant), c2 buys t3 (¥600,
        // two food items of 300); c3 buys nothing. All spend ¥1,000, items 4.
        Dataset<Row> purchases = json("txn_id BIGINT, month STRING, amount_yen BIGINT, item_count INT",
                "{\"txn_id\":1,\"month\":\"2019-09\",\"amount_yen\":100,\"item_count\":1}",
                "{\"txn_id\":2,\"month\":\"2019-09\",\"amount_yen\":300,\"item_count\":1}",
                "{\"txn_id\":3,\"month\":\"2019-10\",\"amount_yen\":600,\"item_count\":2}");
        Dataset<Row> owners = json("txn_id BIGINT, consumer_id BIGINT",
                "{\"txn_id\":1,\"consumer_id\":1}", "{\"txn_id\":2,\"consumer_id\":1}", "{\"txn_id\":3,\"consumer_id\":2}");
        Dataset<Row> items = json("txn_id BIGINT, category STRING, price_yen BIGINT",
                "{\"txn_id\":1,\"category\":\"food\",\"price_yen\":100}", "{\"txn_id\":2,\"category\":\"clothing\",\"price_yen\":300}",
                "{\"txn_id\":3,\"category\":\"food\",\"price_yen\":300}", "{\"txn_id\":3,\"category\":\"food\",\"price_yen\":300}");
        Dataset<Row> merchants = json("merchant_id STRING, category STRING",
                "{\"merchant_id\":\"a1\",\"category\":\"food\"}", "{\"merchant_id\":\"a2\",\"category\":\"food\"}",
                "{\"merchant_id\":\"b1\",\"category\":\"food\"}");
        // The bank sees t1 and t2 linked, amount and merchant only; the store sees t3's basket linked and t1 unlinked.
        Dataset<Row> holdings = json(HOLDINGS,
                holding("bank", 1, "a1", "2019-09-01", 100, 1, false, true, "bank|x"),
                holding("bank", 2, "a2", "2019-09-02", 300, 1, false, true, "bank|x"),
                holding("store", 3, "b1", "2019-10-01", 600, 2, true, true, "store|y"),
                holding("store", 1, "a1", "2019-09-01", 100, 1, true, false, null));
        ConsumerMeasures measures = ConsumerMeasures.of(holdings, purchases, owners, items, merchants, 3, 1L, 3);
        List<Row> profiles = measures.profiles();
        Map<String, Row> byEntity = new HashMap<>();
        for (Row row : profiles) {
            if (row.getAs("period").equals("all")) {
                byEntity.put(row.getAs("entity"), row);
            }
        }
        Row bank = byEntity.get("bank");
        assertThat(bank.<Double>getAs("spend_coverage")).isCloseTo(0.4, within(1e-12));          // 400 / 1,000
        assertThat(bank.<Double>getAs("txn_coverage")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(bank.<Double>getAs("item_coverage")).isZero();                                   // no basket
        assertThat(bank.<Double>getAs("consumer_reach")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(bank.<Double>getAs("profile_depth_median")).isCloseTo(1.0, within(1e-12));     // all of c1's ¥400
        assertThat(bank.<Double>getAs("share_consumers_over_half")).isCloseTo(1.0, within(1e-12));
        // view {food: 1}; truth {food: 0.25, clothing: 0.75}; TVD = (0.75 + 0.75) / 2 = 0.75
        assertThat(bank.<Double>getAs("profile_fidelity")).isCloseTo(0.25, within(1e-12));
        Row store = byEntity.get("store");
        assertThat(store.<Double>getAs("spend_coverage")).isCloseTo(0.6, within(1e-12));
        assertThat(store.<Double>getAs("seen_spend_coverage")).isCloseTo(0.7, within(1e-12));   // t1 unlinked too
        assertThat(store.<Double>getAs("item_coverage")).isCloseTo(0.5, within(1e-12));          // 2 of 4 items
        assertThat(store.<Double>getAs("profile_fidelity")).isCloseTo(1.0, within(1e-12));       // the basket is the truth
        // c1, whom the store holds unlinked only, is in none of its depth measures: one consumer (c2, depth 1) in
        // the histogram's last bin.
        assertThat(store.<Long>getAs("reached_consumers")).isEqualTo(1L);
        List<Long> histogram = store.getList(store.fieldIndex("profile_depth_histogram"));
        assertThat(histogram.stream().mapToLong(Long::longValue).sum()).isEqualTo(1L);
        assertThat(histogram.get(ProfileMeasures.DEPTH_BINS - 1)).isEqualTo(1L);
        List<Double> depthSums = store.getList(store.fieldIndex("profile_depth_histogram_sums"));
        assertThat(depthSums.get(ProfileMeasures.DEPTH_BINS - 1)).isCloseTo(1.0, within(1e-12));
        Row storeInSeptember = profiles.stream()
                .filter(row -> row.getAs("entity").equals("store") && row.getAs("period").equals("2019-09")).findFirst().orElseThrow();
        assertThat(storeInSeptember.<Double>getAs("spend_coverage")).as("the store links nothing in September").isZero();
        assertThat(storeInSeptember.<Long>getAs("reached_consumers")).isZero();
        assertThat(storeInSeptember.<Double>getAs("profile_depth_median")).isZero();
        assertThat(storeInSeptember.<Double>getAs("profile_fidelity")).isZero();
        assertThat(storeInSeptember.isNullAt(storeInSeptember.fieldIndex("profile_depth_histogram")))
                .as("no depth distribution for an entity that reaches nobody").isTrue();
        assertThat(storeInSeptember.isNullAt(storeInSeptember.fieldIndex("profile_depth_quantiles"))).isTrue();

        // Category coverage: the bank holds t1's food (¥100 of ¥700) and t2's clothing (all ¥300) linked, though it
        // sees no basket; the store t3's ¥600 of food.
        Map<String, Double> shares = new HashMap<>();
        measures.categoryCoverage().forEach(row -> shares.put(row.getAs("entity") + "/" + row.getAs("category"),
                row.<Double>getAs("share")));
        assertThat(shares).containsOnlyKeys("bank/food", "bank/clothing", "store/food");
        assertThat(shares.get("bank/food")).isCloseTo(100 / 700.0, within(1e-12));
        assertThat(shares.get("bank/clothing")).isCloseTo(1.0, within(1e-12));
        assertThat(shares.get("store/food")).isCloseTo(600 / 700.0, within(1e-12));
        assertThat(measures.purchases()).isEqualTo(new Summary.Counts(3, 3, 4, 1_000));
        assertThat(measures.consumerViews()).as("nobody has the ten purchases a view needs").isEmpty();
    }

    @Test
    void whoSeesThisConsumerShowsTheFirstDrawnOfThoseWithTenPurchases() {
        // Consumers 1 to 4 buy ¥100 ten times each at merchant a1, 5 buys nine times; the bank sees every purchase
        // linked, the store sees consumer 2's unlinked only.
        List<String> purchaseRows = new java.util.ArrayList<>();
        List<String> ownerRows = new java.util.ArrayList<>();
        List<String> holdingRows = new java.util.ArrayList<>();
        long txn = 0;
        for (long consumer = 1; consumer <= 5; consumer++) {
            for (int i = 0; i < (consumer == 5 ? 9 : 10); i++) {
                txn++;
                purchaseRows.add("{\"txn_id\":%d,\"month\":\"2019-10\",\"amount_yen\":100,\"item_count\":1}".formatted(txn));
                ownerRows.add("{\"txn_id\":%d,\"consumer_id\":%d}".formatted(txn, consumer));
                holdingRows.add(holding("bank", txn, "a1", "2019-10-01", 100, 1, false, true, "bank|" + consumer));
                if (consumer == 2) {
                    holdingRows.add(holding("store", txn, "a1", "2019-10-01", 100, 1, false, false, null));
                }
            }
        }
        long seed = 7;
        // Spark's own hash of (seed, purpose, consumer) draws the order; the first two of the four eligible are shown.
        List<Long> drawOrder = spark.range(1, 5).select(col("id"),
                        new org.paylens.generate.Randomness(seed).hash("report-consumer", col("id")).as("draw"))
                .orderBy("draw", "id").collectAsList().stream().map(row -> row.getLong(0)).toList();
        ConsumerMeasures measures = ConsumerMeasures.of(json(HOLDINGS, holdingRows.toArray(String[]::new)),
                json("txn_id BIGINT, month STRING, amount_yen BIGINT, item_count INT", purchaseRows.toArray(String[]::new)),
                json("txn_id BIGINT, consumer_id BIGINT", ownerRows.toArray(String[]::new)),
                json("txn_id BIGINT, category STRING, price_yen BIGINT"),
                json("merchant_id STRING, category STRING", "{\"merchant_id\":\"a1\",\"category\":\"food\"}"), 5, seed, 2);
        List<String> shown = measures.consumerViews().stream()
                .map(row -> row.getAs("consumer_id") + " " + row.getAs("entity") + " " + row.getAs("consumer_yen") + " "
                        + row.getAs("purchases") + " " + row.getAs("linked_yen") + " " + row.getAs("seen_yen"))
                .toList();
        List<String> expected = new java.util.ArrayList<>();
        for (long consumer : drawOrder.subList(0, 2)) {
            expected.add(consumer + " bank 1000 10 1000 1000");
            if (consumer == 2) {
                expected.add("2 store 1000 10 0 1000");
            }
        }
        assertThat(shown).containsExactlyElementsOf(expected);
    }

    @Test
    void depthSumsInJavaAreSparksExactDecimalSums() {
        // Spark sums each double cast to decimal(28, 18), then casts the sum back; the plain-Java step must agree to
        // the last bit, or a histogram would change with the engine.
        java.util.Random random = new java.util.Random(11);
        int groups = 40;
        List<double[]> values = new java.util.ArrayList<>();
        List<String> rows = new java.util.ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double[] group = new double[25 + g];
            for (int i = 0; i < group.length; i++) {
                group[i] = i % 7 == 0 ? 1.0 / (3 + i) : random.nextDouble();
                rows.add("{\"g\":%d,\"x\":%s}".formatted(g, Double.toString(group[i])));
            }
            values.add(group);
        }
        Map<Integer, Double> sparkSums = new HashMap<>();
        json("g INT, x DOUBLE", rows.toArray(String[]::new)).groupBy("g")
                .agg(org.apache.spark.sql.functions.sum(col("x").cast("decimal(28,18)")).cast("double").as("s"))
                .collectAsList().forEach(row -> sparkSums.put(row.getInt(0), row.getDouble(1)));
        for (int g = 0; g < groups; g++) {
            assertThat(EntityDepths.exactSum(values.get(g)).doubleValue()).as("group " + g).isEqualTo(sparkSums.get(g));
        }
    }

    @Test
    void unicityOfFourConsumersWhereTwoShareATraceAndAFifthBuysOnceInOctober() {
        // c1 and c2 hold the same two points; c3 and c4 each hold two points nobody else has. Whatever order the points
        // are drawn in, in September: ε1 = ε2 = 2/4. At chain/day, c3's and c4's second points are still theirs alone:
        // ε2 = 2/4. c5 buys once, in October, where nobody else buys: in October ε1 = 1/1; over the whole period
        // ε1 = 3/5 and ε2 = 2/4 (c5 has no second point).
        Dataset<Row> holdings = json(HOLDINGS,
                holding("op", 1, "a1", "2019-09-01", 100, 1, false, true, "c1"),
                holding("op", 2, "b5", "2019-09-05", 100, 1, false, true, "c1"),
                holding("op", 3, "a1", "2019-09-01", 100, 1, false, true, "c2"),
                holding("op", 4, "b5", "2019-09-05", 100, 1, false, true, "c2"),
                holding("op", 5, "a2", "2019-09-01", 100, 1, false, true, "c3"),
                holding("op", 6, "b6", "2019-09-06", 100, 1, false, true, "c3"),
                holding("op", 7, "a3", "2019-09-02", 100, 1, false, true, "c4"),
                holding("op", 8, "b7", "2019-09-07", 100, 1, false, true, "c4"),
                holding("op", 9, "a1", "2019-10-01", 100, 1, false, true, "c5"));
        Dataset<Row> merchants = json("merchant_id STRING, chain STRING, category STRING, region STRING",
                "{\"merchant_id\":\"a1\",\"chain\":\"a\"}", "{\"merchant_id\":\"a2\",\"chain\":\"a\"}",
                "{\"merchant_id\":\"a3\",\"chain\":\"a\"}", "{\"merchant_id\":\"b5\",\"chain\":\"b\"}",
                "{\"merchant_id\":\"b6\",\"chain\":\"b\"}", "{\"merchant_id\":\"b7\",\"chain\":\"b\"}");
        Unicity settings = new Unicity(100, 3, List.of(new Unicity.Coarsening(Unicity.Place.MERCHANT, Unicity.Time.DAY, null),
                new Unicity.Coarsening(Unicity.Place.CHAIN, Unicity.Time.DAY, null)));
        String dir = work.resolve("unicity").toString();
        UnicityMeasure.write(holdings, merchants, settings, 42, dir, work.resolve("unicity-sample").toString(),
                work.resolve("unicity-work").toString());
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(dir).collectAsList()) {
            rows.put(row.getAs("period") + " " + row.getAs("coarsening") + "/p" + row.getAs("p"), row);
        }
        assertThat(rows.get("2019-09 merchant/day/p1").<Double>getAs("unicity")).isEqualTo(0.5);
        assertThat(rows.get("2019-09 merchant/day/p2").<Double>getAs("unicity")).isEqualTo(0.5);
        assertThat(rows.get("2019-09 merchant/day/p2").<Long>getAs("sampled")).isEqualTo(4L);
        assertThat(rows.get("2019-09 chain/day/p2").<Double>getAs("unicity")).isEqualTo(0.5);
        assertThat(rows.get("2019-09 chain/day/p1").<Double>getAs("unicity"))
                .isLessThanOrEqualTo(rows.get("2019-09 merchant/day/p1").getAs("unicity"));
        assertThat(rows.get("2019-10 merchant/day/p1").<Double>getAs("unicity")).isEqualTo(1.0);
        assertThat(rows.get("2019-10 merchant/day/p1").<Long>getAs("sampled")).isEqualTo(1L);
        assertThat(rows).doesNotContainKey("2019-10 merchant/day/p2");
        assertThat(rows.get("all merchant/day/p1").<Long>getAs("sampled")).isEqualTo(5L);
        assertThat(rows.get("all merchant/day/p1").<Double>getAs("unicity")).isEqualTo(0.6);
        assertThat(rows.get("all merchant/day/p2").<Double>getAs("unicity")).isEqualTo(0.5);
        assertThat(rows).doesNotContainKey("all merchant/day/p3");   // nobody has three points
    }

    @Test
    void anAllianceTiesItsMembersIdsOnlyThroughLinksBetweenMembers() {
        Scenario scenario = ScenarioLoader.load("tiny", List.of());
        // PayPay holds a Mizuho account id of its user (a top-up); Lawson's receipt ties its id to a Ponta card.
        Dataset<Row> links = json("holder STRING, a_operator STRING, a STRING, b_operator STRING, b STRING",
                "{\"holder\":\"paypay\",\"a_operator\":\"paypay\",\"a\":\"paypay|p1\",\"b_operator\":\"mizuho\",\"b\":\"mizuho|m1\"}",
                "{\"holder\":\"mufg\",\"a_operator\":\"mufg\",\"a\":\"mufg|u1\",\"b_operator\":\"mizuho\",\"b\":\"mizuho|m1\"}");
        Map<String, String> labels = new HashMap<>();
        for (Row row : Holdings.allianceProfiles(spark, scenario, links).collectAsList()) {
            labels.put(row.getAs("alliance") + "/" + row.getAs("node"), row.getAs("label"));
        }
        // The pact (PayPay + Mizuho) ties p1 and m1; the bank consortium ties m1 and u1 (MUFG holds the link); the
        // PayPay link is not the consortium's, since PayPay is not a member.
        assertThat(labels.get("platform-bank-pact/paypay|p1")).isEqualTo(labels.get("platform-bank-pact/mizuho|m1"));
        assertThat(labels.get("bank-consortium/mufg|u1")).isEqualTo(labels.get("bank-consortium/mizuho|m1"));
        assertThat(labels).doesNotContainKey("bank-consortium/paypay|p1").doesNotContainKey("platform-bank-pact/mufg|u1");
    }
}
