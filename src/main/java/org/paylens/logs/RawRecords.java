package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.paylens.scenario.ChainSpec;
import org.paylens.scenario.Fault;
import org.paylens.scenario.Scenario;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * What each log holds, before a format gives it a shape: the truth with the global consumer id replaced by the
 * pseudonyms each party knows the consumer by, and the fault the generator drew for each record (most have none).
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

    /**
     * The payment logs of the given schemes (of one format): each purchase paid with one of them, in its scheme's log.
     *
     * @param purchases the generator's payment records (truth with payer_ref, funding_operator, funding_ref and
     *                  payment_fault)
     */
    public static Dataset<Row> payments(Scenario scenario, List<String> schemes, Dataset<Row> purchases) {
        return purchases
                .filter(col("scheme").isin(schemes.toArray()))
                .select(col("scheme").as(LogFormat.LOG), col("txn_id"), col("ts"), col("merchant_id"), col("chain"),
                        statementNameOf(scenario, col("chain")).as("statement_name"), col("amount_yen"), col("scheme"),
                        col("payer_ref"), col("funding_operator"), col("funding_ref"), col("payment_fault").as("fault"))
                .transform(RawRecords::withDefectsInRecord);
    }

    /**
     * Every prepaid scheme's top-up log: the top-ups of its users' balances.
     *
     * @param topups the generator's top-up records (truth top-ups with payer_ref, funding_ref and fault)
     */
    public static Dataset<Row> topups(Dataset<Row> topups) {
        return topups
                .select(concat(col("scheme"), lit(LogFormats.topupLog(""))).as(LogFormat.LOG),
                        col("topup_id").as("txn_id"), col("ts"), col("amount_yen"), col("scheme"), col("payer_ref"),
                        col("source").as("topup_source"), col("funding_operator"), col("funding_ref"), col("fault"))
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

    /** How a bank statement names the merchant: the chain's statementName, else its name. */
    static Column statementNameOf(Scenario scenario, Column chain) {
        Column name = lit(null).cast("string");
        for (Map.Entry<String, ChainSpec> entry : scenario.chains().entrySet()) {
            String shown = entry.getValue().statementName() == null ? entry.getValue().name() : entry.getValue().statementName();
            name = when(chain.equalTo(entry.getKey()), lit(shown)).otherwise(name);
        }
        return name;
    }
}
