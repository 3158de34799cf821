package org.paylens.logs;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The shape every {@link LogFormat#read} returns, whatever the format. */
public final class ParsedRecords {
    private static final StructType BASKET_ITEM = new StructType()
            .add("item_no", DataTypes.IntegerType)
            .add("category", DataTypes.StringType)
            .add("price_yen", DataTypes.LongType);

    /** Parsed fields; any can be null when the raw record lacks it. */
    public static final StructType FIELDS = new StructType()
            .add("txn_id", DataTypes.LongType)
            .add("ts", DataTypes.TimestampType)
            .add("merchant_id", DataTypes.StringType)
            .add("chain", DataTypes.StringType)
            .add("amount_yen", DataTypes.LongType)
            .add("scheme", DataTypes.StringType)
            .add("payer_ref", DataTypes.StringType)
            .add("funding_operator", DataTypes.StringType)
            .add("funding_ref", DataTypes.StringType)
            .add("loyalty", DataTypes.StringType)
            .add("loyalty_ref", DataTypes.StringType)
            .add("basket", DataTypes.createArrayType(BASKET_ITEM));

    /** {@link #FIELDS} plus where the record came from and whether it parsed. */
    public static final StructType SCHEMA = FIELDS
            .add("source_file", DataTypes.StringType)
            .add("raw", DataTypes.StringType)
            .add("parse_error", DataTypes.StringType);

    private ParsedRecords() {
    }
}
