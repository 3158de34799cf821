package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

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

    /**
     * {@link #FIELDS} plus where the record came from and whether it parsed. Where: the file, the start of the file
     * block (split) it was read in, and an order that increases through a block in file order; see {@link #withOrigin}.
     */
    public static final StructType SCHEMA = FIELDS
            .add("source_file", DataTypes.StringType)
            .add("block_start", DataTypes.LongType)
            .add("scan_order", DataTypes.LongType)
            .add("raw", DataTypes.StringType)
            .add("parse_error", DataTypes.StringType);

    private ParsedRecords() {
    }

    /**
     * Selects {@link #SCHEMA}'s columns in order from a reader's intermediate table: each field from the given
     * column if the format has it, else null; the origin columns from {@link #withOrigin}.
     */
    public static Column[] select(java.util.Map<String, Column> fields, Column raw, Column parseError) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : FIELDS.fields()) {
            Column value = fields.get(field.name());
            columns.add((value == null ? lit(null) : value).cast(field.dataType()).as(field.name()));
        }
        columns.add(col("source_file"));
        columns.add(col("block_start"));
        columns.add(col("scan_order"));
        columns.add(raw.as("raw"));
        columns.add(parseError.as("parse_error"));
        return columns.toArray(Column[]::new);
    }

    /**
     * A file source's rows with where each came from: {@code source_file}, {@code block_start} (the byte offset of
     * the file block, or split, the row was read in) and {@code scan_order}. A block is read whole by one task, and
     * {@code monotonically_increasing_id} numbers a task's rows consecutively in the order read, so within a block
     * scan_order follows the file. Ordering a file's rows by (block_start, scan_order) is file order on any number
     * of cores, and a row's place in its file is the rows of earlier blocks plus its rank in its own; the ingest
     * works out the places of quarantined records that way. Must be applied to the scan itself, before any filter.
     */
    public static Dataset<Row> withOrigin(Dataset<Row> scan) {
        return scan.withColumn("source_file", col("_metadata.file_path"))
                .withColumn("block_start", col("_metadata.file_block_start"))
                .withColumn("scan_order", monotonically_increasing_id());
    }
}
