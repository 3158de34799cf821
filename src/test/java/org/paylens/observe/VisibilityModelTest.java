package org.paylens.observe;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paylens.SparkTestSession;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The tiny scenario's rules on four hand-made purchases whose observations can be checked by reading them. */
class VisibilityModelTest {
    private static final String CANONICAL = "txn_id BIGINT, scheme STRING, ts TIMESTAMP, local_date DATE, "
            + "merchant_id STRING, chain STRING, amount_yen BIGINT, item_count INT, payer_ref STRING, "
            + "funding_operator STRING, funding_ref STRING, loyalty STRING, loyalty_ref STRING, month STRING";
    private static final String TOPUPS = "topup_id BIGINT, scheme STRING, ts TIMESTAMP, local_date DATE, amount_yen BIGINT, "
            + "payer_ref STRING, source STRING, funding_operator STRING, funding_ref STRING, month STRING";
    private static SparkSession spark;
    private static Map<String, Row> observations;

    @BeforeAll
    static void observe() {
        spark = SparkTestSession.start();
        List<String> purchases = List.of(
                // 1: cash at 7-Eleven: the store sees the basket but not who paid
                "{\"txn_id\":1,\"scheme\":\"cash\",\"chain\":\"seven-eleven\",\"merchant_id\":\"seven-eleven-00001\",\"amount_yen\":500,\"item_count\":2,\"month\":\"2019-09\"}",
                // 2: 7pay at 7-Eleven: Seven & i runs both the store and the wallet, so it links the basket
                "{\"txn_id\":2,\"scheme\":\"7pay\",\"chain\":\"seven-eleven\",\"merchant_id\":\"seven-eleven-00002\",\"amount_yen\":700,\"item_count\":3,\"payer_ref\":\"p7\",\"month\":\"2019-09\"}",
                // 3: a card at Lawson: the store (unlinked), the network (its token) and the issuing bank (the account)
                "{\"txn_id\":3,\"scheme\":\"credit-card\",\"chain\":\"lawson\",\"merchant_id\":\"lawson-00001\",\"amount_yen\":1000,\"item_count\":2,\"payer_ref\":\"net1\",\"funding_operator\":\"mufg\",\"funding_ref\":\"acct1\",\"month\":\"2019-09\"}",
                // 4: J-Coin Pay at a supermarket funded from a Mizuho account: Mizuho plays two roles, one observation
                "{\"txn_id\":4,\"scheme\":\"j-coin-pay\",\"chain\":\"supermarket\",\"merchant_id\":\"supermarket-00001\",\"amount_yen\":2000,\"item_count\":5,\"payer_ref\":\"jc1\",\"funding_operator\":\"mizuho\",\"funding_ref\":\"mz1\",\"month\":\"2019-09\"}",
                // 5: cash at Lawson with a Ponta card: the programme links it, the store (another operator) does not
                "{\"txn_id\":5,\"scheme\":\"cash\",\"chain\":\"lawson\",\"merchant_id\":\"lawson-00002\",\"amount_yen\":300,\"item_count\":1,\"loyalty\":\"ponta\",\"loyalty_ref\":\"pt1\",\"month\":\"2019-09\"}",
                // 6: cash at 7-Eleven with a nanaco points card: Seven & i runs both, so its store view is linked
                "{\"txn_id\":6,\"scheme\":\"cash\",\"chain\":\"seven-eleven\",\"merchant_id\":\"seven-eleven-00003\",\"amount_yen\":400,\"item_count\":2,\"loyalty\":\"nanaco-point\",\"loyalty_ref\":\"np1\",\"month\":\"2019-09\"}");
        Dataset<Row> transactions = spark.read().schema(CANONICAL).json(spark.createDataset(purchases, Encoders.STRING()));
        Scenario tiny = ScenarioLoader.load("tiny", List.of());
        observations = new TreeMap<>();
        // 7: a PayPay top-up from a Mizuho account: both see it, each under its own id
        Dataset<Row> topups = spark.read().schema(TOPUPS).json(spark.createDataset(List.of(
                "{\"topup_id\":7,\"scheme\":\"paypay\",\"amount_yen\":5000,\"payer_ref\":\"pp1\",\"source\":\"bank\",\"funding_operator\":\"mizuho\",\"funding_ref\":\"mz2\",\"month\":\"2019-09\"}"),
                Encoders.STRING()));
        for (Row row : new VisibilityModel(spark, tiny).observe(transactions, topups).collectAsList()) {
            observations.put(row.getAs("operator") + "/" + row.getAs("record") + "/" + row.getAs("txn_id"), row);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void exactlyTheExpectedObserversSeeEachPurchase() {
        assertThat(observations.keySet()).containsExactly(
                "acquirers/purchase/2", "acquirers/purchase/3", "acquirers/purchase/4", "card-networks/purchase/3",
                "lawson/purchase/3", "lawson/purchase/5", "loyalty-marketing/purchase/5", "mizuho/purchase/4",
                "mizuho/topup/7", "mufg/purchase/3", "nttdata-cafis/purchase/3", "paypay/topup/7",
                "seven-and-i/purchase/1", "seven-and-i/purchase/2", "seven-and-i/purchase/6");
    }

    @Test
    void theSwitchAndTheAcquirerSeeACardPurchaseButKnowNobody() {
        for (String observer : List.of("nttdata-cafis/purchase/3", "acquirers/purchase/3")) {
            assertThat(observations.get(observer).<Boolean>getAs("sees_merchant")).as(observer).isTrue();
            assertThat(observations.get(observer).<Boolean>getAs("linked")).as(observer).isFalse();
        }
    }

    @Test
    void aTopUpIsSeenByTheWalletAndTheBankEachUnderItsOwnIdAndNothingOfWhatItBuys() {
        assertThat(observations.get("paypay/topup/7").<String>getAs("consumer_ref")).isEqualTo("pp1");
        assertThat(observations.get("mizuho/topup/7").<String>getAs("consumer_ref")).isEqualTo("mz2");
        assertThat(observations.get("mizuho/topup/7").<Boolean>getAs("sees_merchant")).isFalse();
        assertThat(observations.get("mizuho/topup/7").<Boolean>getAs("sees_basket")).isFalse();
    }

    @Test
    void aStoreSeesItsCashSalesBasketButNotWhoPaid() {
        Row row = observations.get("seven-and-i/purchase/1");
        assertThat(row.<Boolean>getAs("sees_basket")).isTrue();
        assertThat(row.<Boolean>getAs("linked")).isFalse();
        assertThat((Object) row.getAs("consumer_ref")).isNull();
    }

    @Test
    void aStoreGroupLinksPurchasesPaidWithItsOwnWallet() {
        Row row = observations.get("seven-and-i/purchase/2");
        assertThat(row.<Boolean>getAs("sees_basket")).isTrue();
        assertThat(row.<Boolean>getAs("linked")).isTrue();
        assertThat(row.<String>getAs("consumer_ref")).isEqualTo("p7");
        assertThat(row.getList(row.fieldIndex("roles"))).containsExactly("scheme_operator", "store");
    }

    @Test
    void networkAndIssuerLinkACardPurchaseEachInTheirOwnIdSpaceWithoutTheBasket() {
        assertThat(observations.get("card-networks/purchase/3").<String>getAs("consumer_ref")).isEqualTo("net1");
        assertThat(observations.get("mufg/purchase/3").<String>getAs("consumer_ref")).isEqualTo("acct1");
        assertThat(observations.get("mufg/purchase/3").<Boolean>getAs("sees_basket")).isFalse();
        assertThat(observations.get("lawson/purchase/3").<Boolean>getAs("linked")).isFalse();
    }

    @Test
    void aLoyaltyScanLinksThePurchaseForTheProgrammeAndForAStoreGroupThatRunsIt() {
        assertThat(observations.get("loyalty-marketing/purchase/5").<String>getAs("consumer_ref")).isEqualTo("pt1");
        assertThat(observations.get("loyalty-marketing/purchase/5").<Boolean>getAs("sees_basket")).isTrue();
        assertThat(observations.get("lawson/purchase/5").<Boolean>getAs("linked")).isFalse();
        Row sevenEleven = observations.get("seven-and-i/purchase/6");
        assertThat(sevenEleven.<String>getAs("consumer_ref")).isEqualTo("np1");
        assertThat(sevenEleven.getList(sevenEleven.fieldIndex("roles"))).containsExactly("loyalty_programme", "store");
    }

    @Test
    void anOperatorInTwoRolesGetsOneObservationWithBoth() {
        Row row = observations.get("mizuho/purchase/4");
        assertThat(row.getList(row.fieldIndex("roles"))).containsExactly("funding_bank", "scheme_operator");
        assertThat(row.<String>getAs("consumer_ref")).isEqualTo("jc1");
        assertThat(row.<Long>getAs("amount_yen")).isEqualTo(2000L);
    }
}
