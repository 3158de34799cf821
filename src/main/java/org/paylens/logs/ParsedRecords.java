package org.paylens.logs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The shape every format's records are read into, whatever the format; fields a log does not hold are null. */
public final class ParsedRecords {
    public static final StructType BASKET_ITEM = new StructType()
            .add("item_no", DataTypes.IntegerType)
            .add("category", DataTypes.StringType)
            .add("price_yen", DataTypes.LongType);

    /** Parsed fields, in {@link ParsedRecord}'s order; any can be null when the raw record lacks it. */
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

    /** {@link #FIELDS} plus where the record is (its file and {@link ParsedRecord#position}), its text and its defect. */
    public static final StructType SCHEMA = FIELDS
            .add("source_file", DataTypes.StringType)
            .add("position", DataTypes.LongType)
            .add("raw", DataTypes.StringType)
            .add("parse_error", DataTypes.StringType);

    private ParsedRecords() {
    }

    /**
     * The data files of a log's directories, in the order of their paths: every file but those whose names start
     * with "_" or "." (markers, checksums, files being written), as Spark's file sources list them.
     */
    public static List<Path> files(Configuration conf, String... dirs) {
        List<Path> files = new ArrayList<>();
        for (String dir : dirs) {
            Path path = new Path(dir);
            try {
                FileSystem fs = path.getFileSystem(conf);
                for (FileStatus status : fs.listStatus(path)) {
                    String name = status.getPath().getName();
                    if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                        files.add(status.getPath());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + dir, e);
            }
        }
        files.sort(java.util.Comparator.comparing(Path::toString));
        return files;
    }

    /** A record's {@link #FIELDS} in Spark's internal form, into the first {@code FIELDS.size()} places of a row. */
    public static void fill(ParsedRecord r, Object[] row) {
        row[0] = r.txnId;
        row[1] = r.tsMicros;
        row[2] = utf8(r.merchantId);
        row[3] = utf8(r.chain);
        row[4] = r.amountYen;
        row[5] = utf8(r.scheme);
        row[6] = utf8(r.payerRef);
        row[7] = utf8(r.fundingOperator);
        row[8] = utf8(r.fundingRef);
        row[9] = utf8(r.loyalty);
        row[10] = utf8(r.loyaltyRef);
        row[11] = utf8(r.topupSource);
        row[12] = basket(r.basket);
    }

    public static UTF8String utf8(String text) {
        return text == null ? null : UTF8String.fromString(text);
    }

    /** A basket as Spark's array of structs, or null. */
    public static GenericArrayData basket(List<ParsedRecord.Item> basket) {
        if (basket == null) {
            return null;
        }
        Object[] items = new Object[basket.size()];
        for (int i = 0; i < items.length; i++) {
            ParsedRecord.Item item = basket.get(i);
            items[i] = item == null ? null : new GenericInternalRow(new Object[]{item.itemNo(), utf8(item.category()), item.priceYen()});
        }
        return new GenericArrayData(items);
    }

    /**
     * Reads a format's directories into a table of {@link #SCHEMA}, one task a file: what a notebook or a test
     * looks at to see what a reader makes of a log. The ingest reads the files the same way.
     */
    public static Dataset<Row> read(SparkSession spark, LogFormat format, String... dirs) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> files = files(conf, dirs).stream().map(Path::toString).toList();
        SerializableConfiguration taskConf = new SerializableConfiguration(conf);
        String formatId = format.id(); // formats are found again in each task by their ids
        JavaRDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files, Math.max(1, files.size()))
                .mapPartitions(names -> {
                    List<InternalRow> out = new ArrayList<>();
                    while (names.hasNext()) {
                        String file = names.next();
                        UTF8String source = UTF8String.fromString(file);
                        try (RecordReader reader = LogFormats.byId(formatId).reader(taskConf.value(), new Path(file))) {
                            ParsedRecord r = new ParsedRecord();
                            while (reader.next(r)) {
                                Object[] row = new Object[SCHEMA.size()];
                                fill(r, row);
                                int at = FIELDS.size();
                                row[at] = source;
                                row[at + 1] = r.position;
                                row[at + 2] = r.raw == null ? null : UTF8String.fromBytes(r.raw);
                                row[at + 3] = utf8(r.parseError);
                                out.add(new GenericInternalRow(row));
                            }
                        }
                    }
                    return out.iterator();
                });
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), SCHEMA, false);
    }
}
