package org.paylens.logs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.*;

/**
 * The merchant registry the acquirers share (raw/merchants): every store and online site with its chain, region
 * and the schemes it accepts, as UTF-8 CSV with a header. Reference data, written without defects; the ingest
 * checks each record's merchant id against it.
 * <pre>merchant_id,chain,name,region,online,category,accepted_schemes
 * lawson-kanto-00003,lawson,ローソン,kanto,false,food,cash;credit-card;paypay;…</pre>
 */
public final class MerchantRegistry {
    public static final String DIR = "merchants";
    private static final String SCHEME_SEPARATOR = ";";
    private static final StructType SCHEMA = new StructType()
            .add("merchant_id", DataTypes.StringType)
            .add("chain", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("region", DataTypes.StringType)
            .add("online", DataTypes.BooleanType)
            .add("category", DataTypes.StringType)
            .add("accepted_schemes", DataTypes.StringType);

    private MerchantRegistry() {
    }

    /** Writes truth merchants (with accepted_schemes as an array) in the registry's shape, one file. */
    public static void write(Dataset<Row> merchants, String dir) {
        merchants.select(col("merchant_id"), col("chain"), col("name"), col("region"), col("online"), col("category"),
                        array_join(col("accepted_schemes"), SCHEME_SEPARATOR).as("accepted_schemes"))
                .orderBy("merchant_id").coalesce(1)
                .write().mode("overwrite").option("header", "true").option("compression", "none").csv(dir);
    }

    /** The registry as written, accepted_schemes split back into an array. */
    public static Dataset<Row> read(SparkSession spark, String dir) {
        return spark.read().option("header", "true").option("mode", "FAILFAST").schema(SCHEMA).csv(dir)
                .withColumn("accepted_schemes", split(col("accepted_schemes"), SCHEME_SEPARATOR));
    }
}
