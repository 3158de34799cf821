package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.generate.Draws;
import org.paylens.generate.Randomness;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Fault;
import org.paylens.scenario.Scenario;
import org.paylens.scenario.SchemeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * What each log holds, before a format gives it a shape: the truth with the global consumer id replaced by the
 * pseudonyms each party knows the consumer by, and a fault drawn for each record (most have none).
 *
 * <p>Three kinds of log ({@link LogFormats.Kind}): a chain's point-of-sale log has every purchase in its shops
 * (basket, payment method, loyalty card when scanned); a scheme operator's payment log has the purchases paid with
 * its scheme (amount, time, merchant, its own id of the payer, and the account debited when it debits one); a
 * prepaid scheme's top-up log has the top-ups of its users' balances (amount, time, the payer, and the bank
 * account or card charged). A top-up record's id is in the txn_id column, as in the other logs.
 */
public final class RawRecords {
    public static final List<String> POS_COLUMNS = List.of("txn_id", "ts", "merchant_id", "chain", "amount_yen",
            "scheme", "loyalty", "loyalty_ref", "basket", "fault");
    public static final List<String> PAYMENT_COLUMNS = List.of("txn_id", "ts", "merchant_id", "chain",
            "statement_name", "amount_yen", "scheme", "payer_ref", "funding_operator", "funding_ref", "fault");
    public static final List<String> TOPUP_COLUMNS = List.of("txn_id", "ts", "amount_yen", "scheme", "payer_ref",
            "topup_source", "funding_operator", "funding_ref", "fault");

    private RawRecords() {
    }

    /** Truth transactions with their basket nested as an array of (item_no, category, price_yen), in item order. */
    public static Dataset<Row> withBaskets(Dataset<Row> transactions, Dataset<Row> basketItems) {
        Dataset<Row> baskets = basketItems
                .groupBy("txn_id")
                .agg(sort_array(collect_list(struct(col("item_no"), col("category"), col("price_yen")))).as("basket"));
        return transactions.join(baskets, "txn_id");
    }

    /** A chain's point-of-sale log: every purchase in its shops. */
    public static Dataset<Row> pos(Scenario scenario, LogFormats.Log log, Dataset<Row> transactionsWithBaskets) {
        Randomness random = new Randomness(scenario.seed());
        Column loyaltyOperator = loyaltyOperatorOf(scenario, col("loyalty"));
        return transactionsWithBaskets
                .filter(col("chain").equalTo(log.subject()))
                .select(col("txn_id"), col("ts"), col("merchant_id"), col("chain"), col("amount_yen"), col("scheme"),
                        col("loyalty"),
                        when(col("loyalty").isNotNull(), random.pseudonym(loyaltyOperator, col("consumer_id"))).as("loyalty_ref"),
                        col("basket"),
                        fault(scenario, log))
                .transform(RawRecords::withDefectsInRecord);
    }

    /** A scheme operator's payment log: the purchases paid with the scheme. */
    public static Dataset<Row> payments(Scenario scenario, LogFormats.Log log, Dataset<Row> transactions) {
        SchemeSpec scheme = scenario.schemes().get(log.subject());
        Randomness random = new Randomness(scenario.seed());
        Column consumer = col("consumer_id");
        // Who holds the account the money comes from at the time of purchase: the bank for direct debits, the
        // issuer for credit. Prepaid schemes were funded earlier, by top-ups.
        Column fundingOperator = switch (scheme.funding()) {
            case DIRECT -> col("bank");
            case CREDIT -> col("card_issuer");
            case CASH, TOPUP -> lit(null).cast("string");
        };
        return transactions
                .filter(col("scheme").equalTo(log.subject()))
                .select(col("txn_id"), col("ts"), col("merchant_id"), col("chain"),
                        statementNameOf(scenario, col("chain")).as("statement_name"),
                        col("amount_yen"), col("scheme"),
                        random.pseudonym(lit(scheme.operator()), consumer).as("payer_ref"),
                        fundingOperator.as("funding_operator"),
                        when(fundingOperator.isNotNull(), random.pseudonym(fundingOperator, consumer)).as("funding_ref"),
                        fault(scenario, log))
                .transform(RawRecords::withDefectsInRecord);
    }

    /**
     * A prepaid scheme's top-up log: the top-ups of its users' balances.
     *
     * @param topups truth top-ups
     */
    public static Dataset<Row> topups(Scenario scenario, LogFormats.Log log, Dataset<Row> topups) {
        SchemeSpec scheme = scenario.schemes().get(log.subject());
        Randomness random = new Randomness(scenario.seed());
        Column consumer = col("consumer_id");
        return topups
                .filter(col("scheme").equalTo(log.subject()))
                .select(col("topup_id").as("txn_id"), col("ts"), col("amount_yen"), col("scheme"),
                        random.pseudonym(lit(scheme.operator()), consumer).as("payer_ref"),
                        col("source").as("topup_source"), col("funding_operator"),
                        when(col("funding_operator").isNotNull(), random.pseudonym(col("funding_operator"), consumer)).as("funding_ref"),
                        fault(scenario, log))
                .transform(RawRecords::withDefectsInRecord);
    }

    /**
     * The defects that are in what a record says rather than how it is written: an unknown_merchant record names a
     * store with a digit too many (registry ids have five), and a duplicate record is there twice.
     */
    private static Dataset<Row> withDefectsInRecord(Dataset<Row> records) {
        Column unknownMerchant = Defects.is(Fault.UNKNOWN_MERCHANT);
        Column duplicate = Defects.is(Fault.DUPLICATE);
        Dataset<Row> named = List.of(records.columns()).contains("merchant_id")
                ? records.withColumn("merchant_id", when(unknownMerchant, concat(col("merchant_id"), lit("0"))).otherwise(col("merchant_id")))
                : records;
        return named
                .withColumn("copy", explode(when(duplicate, array(lit(1), lit(2))).otherwise(array(lit(1)))))
                .drop("copy");
    }

    /**
     * Every defect written, as the truth lists it: the log, the record's id (a top-up's id in a top-up log) and the
     * kind of fault (for a duplicate, the one extra copy).
     *
     * @param transactions truth transactions
     * @param topups       truth top-ups
     */
    public static Dataset<Row> faults(Scenario scenario, Dataset<Row> transactions, Dataset<Row> topups) {
        List<Dataset<Row>> logs = new ArrayList<>();
        for (LogFormats.Log log : LogFormats.of(scenario)) {
            Dataset<Row> records = switch (log.kind()) {
                case POS -> transactions.filter(col("chain").equalTo(log.subject()));
                case PAYMENT -> transactions.filter(col("scheme").equalTo(log.subject()));
                case TOPUP -> topups.filter(col("scheme").equalTo(log.subject())).withColumnRenamed("topup_id", "txn_id");
            };
            logs.add(records.select(lit(log.name()).as("log"), col("txn_id"), fault(scenario, log)));
        }
        return logs.stream().reduce(Dataset::unionByName).orElseThrow().filter(col("fault").isNotNull());
    }

    /** The purpose a log's fault draws are keyed by. */
    private static String purpose(LogFormats.Log log) {
        return switch (log.kind()) {
            case POS -> "pos:";
            case PAYMENT -> "payment:";
            case TOPUP -> "topup:";
        } + log.subject();
    }

    /**
     * The fault a record is written with (null for most): faults.rate of the records, the kind drawn with the
     * weights of faults.kinds among those the log's format can carry.
     */
    private static Column fault(Scenario scenario, LogFormats.Log log) {
        Map<String, Double> weights = new LinkedHashMap<>();
        scenario.faults().kinds().forEach((kind, weight) -> {
            if (log.format().faults().stream().anyMatch(f -> f.id().equals(kind))) {
                weights.put(kind, weight);
            }
        });
        if (weights.isEmpty() || scenario.faults().rate() == 0) {
            return lit(null).cast("string").as("fault");
        }
        Randomness random = new Randomness(scenario.seed());
        Column txn = col("txn_id");
        Column kind = Draws.weightedPick(random.uniform("fault_kind:" + purpose(log), txn), weights);
        return when(random.uniform("fault:" + purpose(log), txn).lt(scenario.faults().rate()), kind).as("fault");
    }

    /** How a bank statement names the merchant: the chain's statementName, else its name. */
    static Column statementNameOf(Scenario scenario, Column chain) {
        Column name = lit(null).cast("string");
        for (Map.Entry<String, ChainSpec> entry : scenario.chains().entrySet()) {
            String shown = entry.getValue().statementName() == null ? entry.getValue().name() : entry.getValue().statementName();
            name = when(chain.equalTo(entry.getKey()), lit(shown)).otherwise(name);
        }
        return name;
    }

    /** The operator of the scanned loyalty programme (whose id space the loyalty ref is in). */
    static Column loyaltyOperatorOf(Scenario scenario, Column loyalty) {
        Column operator = lit(null).cast("string");
        for (var entry : scenario.loyalty().entrySet()) {
            operator = when(loyalty.equalTo(entry.getKey()), lit(entry.getValue().operator())).otherwise(operator);
        }
        return operator;
    }
}
