package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.HashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.*;

/**
 * A chain's point-of-sale log: JSON Lines, one receipt a line, Japan time with +09:00, the items nested, the
 * payment method and the loyalty card when one was scanned.
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
    private static final DataType ITEMS_AS_WRITTEN = SCHEMA.apply("items").dataType();

    @Override
    public String lineEncoding() {
        return JsonLines.ENCODING;
    }

    @Override
    public String id() {
        return "pos-jsonl";
    }

    @Override
    public void write(Dataset<Row> records, String dir) {
        // A cast renames struct fields by position, in generated code (a transform() lambda is interpreted per item).
        Column items = col("basket").cast(ITEMS_AS_WRITTEN);
        JsonLines.write(records, struct(col("txn_id").as("receipt"), Defects.localTimeText(col("ts")).as("time"),
                col("merchant_id").as("store"), col("chain"), Defects.unlessMissing(col("amount_yen")).as("total"),
                struct(col("scheme").as("method")).as("payment"),
                when(col("loyalty").isNotNull(), struct(col("loyalty").as("programme"), col("loyalty_ref").as("member"))).as("loyalty"),
                items.as("items")), "total", dir);
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
