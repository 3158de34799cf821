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
 * A store wallet's payment log (7pay, FamiPay): JSON Lines in camelCase,
 * Japan time with +09:00, the store nested, the member known by the issuer's own id.
 * <pre>{"paymentId":123,"paidAt":"2019-09-01T12:34:56+09:00","store":{"id":"seven-eleven-kanto-00012",
 * "chain":"seven-eleven"},"amount":720,"memberId":"3f…","service":"7pay"}</pre>
 */
public final class StoreWalletJsonLog implements LogFormat {
    private static final StructType SCHEMA = new StructType()
            .add("paymentId", DataTypes.LongType)
            .add("paidAt", DataTypes.StringType)
            .add("store", new StructType().add("id", DataTypes.StringType).add("chain", DataTypes.StringType))
            .add("amount", DataTypes.StringType)
            .add("memberId", DataTypes.StringType)
            .add("service", DataTypes.StringType);

    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "store-wallet-jsonl";
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder json = new StringBuilder(256).append("{\"paymentId\":").append(r.txnId).append(",\"paidAt\":");
        JsonLines.quoted(json, Defects.localTime(r.epochSeconds, r.fault)).append(",\"store\":{\"id\":");
        JsonLines.quoted(json, r.writtenMerchantId()).append(",\"chain\":");
        JsonLines.quoted(json, r.chain).append('}');
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"amount\":").append(r.amountYen);
        }
        JsonLines.quoted(json.append(",\"memberId\":"), r.payerRef).append(",\"service\":");
        JsonLines.quoted(json, r.scheme);
        JsonLines.writeLine(out, json.append('}').toString(), r.fault, "amount");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> lines = JsonLines.parse(spark, SCHEMA, dirs);
        Column ts = try_to_timestamp(col("json.paidAt"), lit(JsonLines.LOCAL_TIME_PATTERN));
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", JsonLines.id("paymentId"));
        fields.put("ts", ts);
        fields.put("merchant_id", col("json.store.id"));
        fields.put("chain", col("json.store.chain"));
        fields.put("amount_yen", JsonLines.amount(col("json.amount")));
        fields.put("scheme", col("json.service"));
        fields.put("payer_ref", col("json.memberId"));
        return lines.select(ParsedRecords.select(fields, col("raw"), JsonLines.readError(col("json.amount"), col("json.paidAt"), ts)));
    }
}
