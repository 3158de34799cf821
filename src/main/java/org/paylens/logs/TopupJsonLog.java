package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.*;

/**
 * A prepaid scheme operator's top-up (charge) log, one per prepaid scheme: JSON Lines, Japan time with +09:00,
 * the member by the operator's own id, where the money came from (bank, card or cash) and, for a bank or card, the
 * account charged as that bank or issuer knows it — so the log shows what the funding bank sees: "¥5,000 to 7pay",
 * not what was bought with it. Every operator's charge log has this one shape here.
 * <pre>{"chargeId":123,"chargedAt":"2019-07-01T12:32:56+09:00","service":"7pay","memberId":"3f…","amount":5000,
 * "source":{"type":"bank","operator":"mufg","account":"51…"}}</pre>
 * Top-ups name no merchant, so they carry every defect but an unknown merchant.
 */
public final class TopupJsonLog implements LogFormat {
    private static final StructType SCHEMA = new StructType()
            .add("chargeId", DataTypes.LongType)
            .add("chargedAt", DataTypes.StringType)
            .add("service", DataTypes.StringType)
            .add("memberId", DataTypes.StringType)
            .add("amount", DataTypes.StringType)
            .add("source", new StructType().add("type", DataTypes.StringType)
                    .add("operator", DataTypes.StringType).add("account", DataTypes.StringType));

    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "topup-jsonl";
    }

    @Override
    public Set<Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(Fault.UNKNOWN_MERCHANT));
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder json = new StringBuilder(256).append("{\"chargeId\":").append(r.txnId).append(",\"chargedAt\":");
        JsonLines.quoted(json, Defects.localTime(r.epochSeconds, r.fault)).append(",\"service\":");
        JsonLines.quoted(json, r.scheme).append(",\"memberId\":");
        JsonLines.quoted(json, r.payerRef);
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"amount\":").append(r.amountYen);
        }
        JsonLines.quoted(json.append(",\"source\":{\"type\":"), r.topupSource);
        if (r.fundingOperator != null) {
            JsonLines.quoted(json.append(",\"operator\":"), r.fundingOperator).append(",\"account\":");
            JsonLines.quoted(json, r.fundingRef);
        }
        JsonLines.writeLine(out, json.append("}}").toString(), r.fault, "amount");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> lines = JsonLines.parse(spark, SCHEMA, dirs);
        Column ts = try_to_timestamp(col("json.chargedAt"), lit(JsonLines.LOCAL_TIME_PATTERN));
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", JsonLines.id("chargeId"));
        fields.put("ts", ts);
        fields.put("amount_yen", JsonLines.amount(col("json.amount")));
        fields.put("scheme", col("json.service"));
        fields.put("payer_ref", col("json.memberId"));
        fields.put("topup_source", col("json.source.type"));
        fields.put("funding_operator", col("json.source.operator"));
        fields.put("funding_ref", col("json.source.account"));
        return lines.select(ParsedRecords.select(fields, col("raw"),
                JsonLines.readError(col("json.amount"), col("json.chargedAt"), ts)));
    }
}
