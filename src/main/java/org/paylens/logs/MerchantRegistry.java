package org.paylens.logs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

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

    /** A store's or online site's registry record; region is null online. */
    public record Entry(String merchantId, String chain, String name, String region, boolean online, String category,
                        List<String> acceptedSchemes) {
    }

    /** Writes the registry, in merchant id order, as one file with a header: small enough for the driver. */
    public static void write(Configuration conf, List<Entry> entries, String dir) {
        StringBuilder csv = new StringBuilder(String.join(",", SCHEMA.fieldNames())).append('\n');
        for (Entry e : entries.stream().sorted(java.util.Comparator.comparing(Entry::merchantId)).toList()) {
            List<String> values = java.util.Arrays.asList(e.merchantId(), e.chain(), e.name(), e.region(),
                    Boolean.toString(e.online()), e.category(), String.join(SCHEME_SEPARATOR, e.acceptedSchemes()));
            for (int i = 0; i < values.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(quoted(values.get(i)));
            }
            csv.append('\n');
        }
        Path file = new Path(dir, "part-00000.csv");
        try (java.io.OutputStream out = file.getFileSystem(conf).create(file, true)) {
            out.write(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not write " + file, e);
        }
    }

    /** A CSV value: empty for null, in quotes (quotes doubled) where it holds a comma, a quote or a line end. */
    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        return value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** The registry as written, accepted_schemes split back into an array. */
    public static Dataset<Row> read(SparkSession spark, String dir) {
        return spark.read().option("header", "true").option("mode", "FAILFAST").schema(SCHEMA).csv(dir)
                .withColumn("accepted_schemes", split(col("accepted_schemes"), SCHEME_SEPARATOR));
    }

    /**
     * The merchant ids the registry lists, read on the driver without a Spark job (the registry is one small CSV
     * file): the first field of every line after each file's header, unquoted.
     */
    public static java.util.Set<String> merchantIds(Configuration conf, String dir) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Path file : ParsedRecords.files(conf, dir)) {
            try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                    file.getFileSystem(conf).open(file), java.nio.charset.StandardCharsets.UTF_8))) {
                String header = lines.readLine();
                if (header == null || !header.startsWith(SCHEMA.fieldNames()[0] + ",")) {
                    throw new IllegalStateException(file + ": not a merchant registry (its header is not "
                            + String.join(",", SCHEMA.fieldNames()) + ")");
                }
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isEmpty()) {
                        ids.add(firstField(line));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not read " + file, e);
            }
        }
        return ids;
    }

    private static String firstField(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? line : line.substring(0, comma);
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }
}
