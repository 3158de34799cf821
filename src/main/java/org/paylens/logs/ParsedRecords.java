package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/** The shape every {@link LogFormat#read} returns, whatever the format; fields a log does not hold are null. */
public final class ParsedRecords {
    public static final StructType BASKET_ITEM = new StructType()
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
            .add("topup_source", DataTypes.StringType)
            .add("basket", DataTypes.createArrayType(BASKET_ITEM));

    /** {@link #FIELDS} plus where the record came from and whether it parsed. */
    public static final StructType SCHEMA = FIELDS
            .add("source_file", DataTypes.StringType)
            .add("raw", DataTypes.StringType)
            .add("parse_error", DataTypes.StringType);

    private ParsedRecords() {
    }

    /**
     * Selects {@link #SCHEMA}'s columns in order from a reader's intermediate table: each field from the given
     * column if the format has it, else null.
     */
    public static Column[] select(java.util.Map<String, Column> fields, Column sourceFile, Column raw, Column parseError) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : FIELDS.fields()) {
            Column value = fields.get(field.name());
            columns.add((value == null ? lit(null) : value).cast(field.dataType()).as(field.name()));
        }
        columns.add(sourceFile.as("source_file"));
        columns.add(raw.as("raw"));
        columns.add(parseError.as("parse_error"));
        return columns.toArray(Column[]::new);
    }

    /** The file a row came from, for any file-based source. */
    public static Column sourceFile() {
        return col("_metadata.file_path");
    }
}
