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
    public boolean writtenByTasks() {
        return true;
    }

    /**
     * One receipt as the simulation's tasks write it: set the fields, then {@link #writeTo} writes its line (twice
     * for a duplicate) with the record's defect. An instance is reused for receipt after receipt.
     */
    public static final class Receipt {
        public long receipt;
        public long epochSeconds;
        public String store;
        public String chain;
        public long total;
        public String method;
        /** Null when no loyalty card was scanned. */
        public String programme;
        public String member;
        public int items;
        public final String[] categories;
        public final long[] prices;
        /** The record's fault id, or null. */
        public String fault;
        private final StringBuilder json = new StringBuilder(512);

        public Receipt(int maxItems) {
            categories = new String[maxItems];
            prices = new long[maxItems];
        }

        public void writeTo(java.io.OutputStream out) throws java.io.IOException {
            json.setLength(0);
            json.append("{\"receipt\":").append(receipt).append(",\"time\":");
            JsonLines.quoted(json, Defects.localTime(epochSeconds, fault)).append(",\"store\":");
            // An unknown_merchant record names a store with a digit too many (registry ids have five).
            JsonLines.quoted(json, Fault.UNKNOWN_MERCHANT.id().equals(fault) ? store + "0" : store).append(",\"chain\":");
            JsonLines.quoted(json, chain);
            if (!Fault.MISSING_FIELD.id().equals(fault)) {
                json.append(",\"total\":").append(total);
            }
            JsonLines.quoted(json.append(",\"payment\":{\"method\":"), method).append('}');
            if (programme != null) {
                JsonLines.quoted(json.append(",\"loyalty\":{\"programme\":"), programme).append(",\"member\":");
                JsonLines.quoted(json, member).append('}');
            }
            json.append(",\"items\":[");
            for (int i = 0; i < items; i++) {
                json.append(i == 0 ? "{\"no\":" : ",{\"no\":").append(i + 1).append(",\"category\":");
                JsonLines.quoted(json, categories[i]).append(",\"price\":").append(prices[i]).append('}');
            }
            json.append("]}");
            byte[] line = JsonLines.line(json.toString(), fault, "total");
            for (int copy = Fault.DUPLICATE.id().equals(fault) ? 2 : 1; copy > 0; copy--) {
                out.write(line);
                out.write('\n');
            }
        }
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
