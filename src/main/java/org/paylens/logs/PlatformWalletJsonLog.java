package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.util.HashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * A platform wallet's payment log (PayPay, 楽天ペイ, d払い, au PAY): JSON Lines in snake_case with the time in
 * epoch milliseconds (UTC), the amount as value and currency, and the funding source when it is a card.
 * <pre>{"payment_id":123,"created_at":1567308896000,"merchant":{"id":"lawson-kanto-00003","name":"ﾛ-ｿﾝ"},
 * "amount":{"value":720,"currency":"JPY"},"user_id":"9c…","product":"paypay",
 * "funding":{"issuer":"rakuten","account":"51…"}}</pre>
 * A defective time is written as a millisecond count in the year 10000.
 */
public final class PlatformWalletJsonLog implements LogFormat {
    private static final StructType SCHEMA = new StructType()
            .add("payment_id", DataTypes.LongType)
            .add("created_at", DataTypes.LongType)
            .add("merchant", new StructType().add("id", DataTypes.StringType).add("name", DataTypes.StringType))
            .add("amount", new StructType().add("value", DataTypes.StringType).add("currency", DataTypes.StringType))
            .add("user_id", DataTypes.StringType)
            .add("product", DataTypes.StringType)
            .add("funding", new StructType().add("issuer", DataTypes.StringType).add("account", DataTypes.StringType));

    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "platform-wallet-jsonl";
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        long millis = Defects.epochMillis(r.epochSeconds, r.fault);
        StringBuilder json = new StringBuilder(320).append("{\"payment_id\":").append(r.txnId)
                .append(",\"created_at\":").append(millis).append(",\"merchant\":{\"id\":");
        JsonLines.quoted(json, r.writtenMerchantId());
        if (r.statementName != null) {
            JsonLines.quoted(json.append(",\"name\":"), r.statementName);
        }
        json.append('}');
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"amount\":{\"value\":").append(r.amountYen).append(",\"currency\":\"JPY\"}");
        }
        JsonLines.quoted(json.append(",\"user_id\":"), r.payerRef).append(",\"product\":");
        JsonLines.quoted(json, r.scheme);
        if (r.fundingOperator != null) {
            JsonLines.quoted(json.append(",\"funding\":{\"issuer\":"), r.fundingOperator).append(",\"account\":");
            JsonLines.quoted(json, r.fundingRef).append('}');
        }
        JsonLines.writeLine(out, json.append('}').toString(), r.fault, "value");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> lines = JsonLines.parse(spark, SCHEMA, dirs);
        Column millis = col("json.created_at");
        Column ts = Defects.timeOfEpochMillis(millis);
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", JsonLines.id("payment_id"));
        fields.put("ts", ts);
        fields.put("merchant_id", col("json.merchant.id"));
        fields.put("amount_yen", JsonLines.amount(col("json.amount.value")));
        fields.put("scheme", col("json.product"));
        fields.put("payer_ref", col("json.user_id"));
        fields.put("funding_operator", col("json.funding.issuer"));
        fields.put("funding_ref", col("json.funding.account"));
        Column error = JsonLines.readError(col("json.amount.value"), millis, ts);
        return lines.select(ParsedRecords.select(fields, col("raw"), error));
    }
}
