package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.paylens.scenario.Fault;

import java.util.HashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * A chain's point-of-sale log: JSON Lines, one receipt a line, Japan time with +09:00, the items nested, the
 * payment method and the loyalty card when one was scanned. The simulation's tasks write it ({@link Receipt}), one
 * file per task and chain; a field that is null is left out, as Spark's JSON writer leaves it out.
 * <pre>{"receipt":123,"time":"2019-09-01T12:34:56+09:00","store":"seven-eleven-kanto-00012","chain":"seven-eleven",
 * "total":720,"payment":{"method":"7pay"},"loyalty":{"programme":"nanaco-point","member":"3f…"},
 * "items":[{"no":1,"category":"food","price":360},{"no":2,"category":"other","price":360}]}</pre>
 */
public final class PosJsonLog implements LogFormat {
    private static final StructType SCHEMA = new StructType()
            .add("receipt", DataTypes.LongType)
            .add("time", DataTypes.StringType)
            .add("store", DataTypes.StringType)
            .add("chain", DataTypes.StringType)
            .add("total", DataTypes.StringType)
            .add("payment", new StructType().add("method", DataTypes.StringType))
            .add("loyalty", new StructType().add("programme", DataTypes.StringType).add("member", DataTypes.StringType))
            .add("items", DataTypes.createArrayType(new StructType()
                    .add("no", DataTypes.IntegerType).add("category", DataTypes.StringType).add("price", DataTypes.LongType)));

    private static final StructType ITEM = new StructType()
            .add("item_no", DataTypes.IntegerType).add("category", DataTypes.StringType).add("price_yen", DataTypes.LongType);
    private static final DataType BASKET = DataTypes.createArrayType(ITEM);

    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "pos-jsonl";
    }

    @Override
    public void writeRecord(RawRecord r, java.io.OutputStream out) throws java.io.IOException {
        StringBuilder json = new StringBuilder(512).append("{\"receipt\":").append(r.txnId).append(",\"time\":");
        JsonLines.quoted(json, Defects.localTime(r.epochSeconds, r.fault)).append(",\"store\":");
        JsonLines.quoted(json, r.writtenMerchantId()).append(",\"chain\":");
        JsonLines.quoted(json, r.chain);
        if (!Fault.MISSING_FIELD.id().equals(r.fault)) {
            json.append(",\"total\":").append(r.amountYen);
        }
        JsonLines.quoted(json.append(",\"payment\":{\"method\":"), r.scheme).append('}');
        if (r.loyalty != null) {
            JsonLines.quoted(json.append(",\"loyalty\":{\"programme\":"), r.loyalty).append(",\"member\":");
            JsonLines.quoted(json, r.loyaltyRef).append('}');
        }
        json.append(",\"items\":[");
        for (int i = 0; i < r.items; i++) {
            json.append(i == 0 ? "{\"no\":" : ",{\"no\":").append(i + 1).append(",\"category\":");
            JsonLines.quoted(json, r.categories[i]).append(",\"price\":").append(r.prices[i]).append('}');
        }
        JsonLines.writeLine(out, json.append("]}").toString(), r.fault, "total");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String... dirs) {
        Dataset<Row> lines = JsonLines.parse(spark, SCHEMA, dirs);
        Column ts = try_to_timestamp(col("json.time"), lit(JsonLines.LOCAL_TIME_PATTERN));
        Map<String, Column> fields = new HashMap<>();
        fields.put("txn_id", JsonLines.id("receipt"));
        fields.put("ts", ts);
        fields.put("merchant_id", col("json.store"));
        fields.put("chain", col("json.chain"));
        fields.put("amount_yen", JsonLines.amount(col("json.total")));
        fields.put("scheme", col("json.payment.method"));
        fields.put("loyalty", col("json.loyalty.programme"));
        fields.put("loyalty_ref", col("json.loyalty.member"));
        fields.put("basket", col("json.items").cast(BASKET));
        return lines.select(ParsedRecords.select(fields, col("raw"), JsonLines.readError(col("json.total"), col("json.time"), ts)));
    }
}
