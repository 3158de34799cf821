package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
    public void write(Dataset<Row> records, String dir) {
        Column millis = Defects.epochMillis(col("ts"));
        JsonLines.write(records, struct(col("txn_id").as("payment_id"), millis.as("created_at"),
                struct(col("merchant_id").as("id"), col("statement_name").as("name")).as("merchant"),
                Defects.unlessMissing(struct(col("amount_yen").as("value"), lit("JPY").as("currency"))).as("amount"),
                col("payer_ref").as("user_id"), col("scheme").as("product"),
                when(col("funding_operator").isNotNull(), struct(col("funding_operator").as("issuer"),
                        col("funding_ref").as("account"))).as("funding")), "value", dir);
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
