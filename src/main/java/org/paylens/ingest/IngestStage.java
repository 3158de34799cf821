package org.paylens.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.paylens.logs.LogFormats;
import org.paylens.logs.MerchantRegistry;
import org.paylens.logs.ParsedRecords;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.TaskTables;
import org.paylens.scenario.Fault;
import org.paylens.scenario.Scenario;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * Reads every log with its format's reader: the chains' point-of-sale logs (every purchase, with its basket),
 * the scheme operators' payment logs (who paid, from which account) and the prepaid schemes' top-up logs. A purchase in the canonical tables joins its
 * receipt with its payment record by transaction id; either alone still makes a purchase. Every record that
 * cannot be accepted goes to quarantine/records with a reason (a {@link Fault} id). Fails if raw ≠ accepted + quarantined for any log.
 * <p>
 * One Spark job of two steps does it all: each task of the first reads whole raw files in plain Java
 * ({@link ReadRecords}) and sends every record to the task of its transaction id; each task of the second gets
 * its ids' records sorted by id, log, file and place, keeps each log's first sound copy of an id, joins receipts
 * with payments and writes the canonical and quarantine tables' files itself ({@link AssembleRecords}), returning
 * what it wrote. So no record is parsed twice, nothing is cached, and the counts come from what was written.
 */
public final class IngestStage {
    public static final String TRANSACTIONS = "transactions";
    public static final String BASKET_ITEMS = "basket_items";
    public static final String TOPUPS = "topups";
    public static final String RECORDS = "records";

    /** The raw bytes a task of the second step handles at most, about; fewer tasks would each hold more in memory. */
    static final long BYTES_PER_TASK = 128L << 20;

    static final StructType TRANSACTIONS_SCHEMA = new StructType()
            .add("txn_id", DataTypes.LongType).add("scheme", DataTypes.StringType).add("ts", DataTypes.TimestampType)
            .add("local_date", DataTypes.DateType).add("local_time", DataTypes.TimestampNTZType)
            .add("merchant_id", DataTypes.StringType).add("chain", DataTypes.StringType).add("amount_yen", DataTypes.LongType)
            .add("item_count", DataTypes.IntegerType).add("payer_ref", DataTypes.StringType)
            .add("funding_operator", DataTypes.StringType).add("funding_ref", DataTypes.StringType)
            .add("loyalty", DataTypes.StringType).add("loyalty_ref", DataTypes.StringType)
            .add("pos_log", DataTypes.StringType).add("payment_log", DataTypes.StringType);
    static final StructType BASKET_ITEMS_SCHEMA = new StructType()
            .add("txn_id", DataTypes.LongType).add("item_no", DataTypes.IntegerType)
            .add("category", DataTypes.StringType).add("price_yen", DataTypes.LongType);
    static final StructType TOPUPS_SCHEMA = new StructType()
            .add("topup_id", DataTypes.LongType).add("scheme", DataTypes.StringType).add("ts", DataTypes.TimestampType)
            .add("local_date", DataTypes.DateType).add("local_time", DataTypes.TimestampNTZType)
            .add("amount_yen", DataTypes.LongType).add("payer_ref", DataTypes.StringType).add("source", DataTypes.StringType)
            .add("funding_operator", DataTypes.StringType).add("funding_ref", DataTypes.StringType)
            .add("topup_log", DataTypes.StringType);
    static final StructType RECORDS_SCHEMA = new StructType()
            .add("log", DataTypes.StringType).add("scheme", DataTypes.StringType).add("source_file", DataTypes.StringType)
            .add("position", DataTypes.LongType).add("position_unit", DataTypes.StringType).add("txn_id", DataTypes.LongType)
            .add("reason", DataTypes.StringType).add("raw", DataTypes.StringType);

    private IngestStage() {
    }

    public static IngestCounts run(SparkSession spark, Scenario scenario, OutputDir out) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> names = new ArrayList<>();
        List<ReadRecords.LogRef> logs = new ArrayList<>();
        List<ReadRecords.RawFile> files = new ArrayList<>();
        for (LogFormats.Log log : LogFormats.of(scenario)) {
            names.add(log.name());
            if (out.exists(OutputDir.RAW, log.name())) {
                for (Path file : ParsedRecords.files(conf, out.uri(OutputDir.RAW, log.name()))) {
                    files.add(new ReadRecords.RawFile(file.toString(), logs.size()));
                }
                logs.add(ReadRecords.LogRef.of(log));
            }
        }
        if (logs.isEmpty()) {
            throw new IllegalStateException(out.display(OutputDir.RAW) + " holds no log");
        }
        if (!out.exists(OutputDir.RAW, MerchantRegistry.DIR)) {
            throw new IllegalStateException(out.display(OutputDir.RAW) + " has no merchant registry (" + MerchantRegistry.DIR
                    + "/); it is written by generate");
        }
        // A file's index is its place in path order, which is the order copies are kept in.
        files.sort(Comparator.comparing(ReadRecords.RawFile::path));
        long[] sizes = new long[files.size()];
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = size(conf, files.get(i).path());
            bytes += sizes[i];
        }
        // Largest files first, so that the last task to start is a small one.
        List<Integer> byLargest = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            byLargest.add(i);
        }
        byLargest.sort(Comparator.comparingLong((Integer i) -> sizes[i]).reversed().thenComparing(i -> i));

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration taskConf = new SerializableConfiguration(conf);
        Broadcast<Set<String>> registered = context.broadcast(
                MerchantRegistry.merchantIds(conf, out.uri(OutputDir.RAW, MerchantRegistry.DIR)));
        String canonical = out.staging(OutputDir.CANONICAL);
        String quarantine = out.staging(OutputDir.QUARANTINE);
        TaskTables.Spec tables = new TaskTables.Spec(spark)
                .table(TRANSACTIONS, canonical + "/" + TRANSACTIONS, TRANSACTIONS_SCHEMA)
                .table(BASKET_ITEMS, canonical + "/" + BASKET_ITEMS, BASKET_ITEMS_SCHEMA)
                .table(TOPUPS, canonical + "/" + TOPUPS, TOPUPS_SCHEMA)
                .table(RECORDS, quarantine + "/" + RECORDS, RECORDS_SCHEMA)
                .plain(TRANSACTIONS, "txn_id", "ts", "local_time", "payer_ref", "funding_ref", "loyalty_ref")
                .plain(BASKET_ITEMS, "txn_id")
                .plain(TOPUPS, "topup_id", "ts", "local_time", "payer_ref", "funding_ref")
                .plain(RECORDS, "raw");
        try {
            JavaRDD<InternalRow> read = context.parallelize(byLargest, Math.max(1, files.size()))
                    .mapPartitions(new ReadRecords(files, logs, registered, taskConf));
            int tasks = (int) Math.max(context.defaultParallelism(), Math.min(10_000, (bytes + BYTES_PER_TASK - 1) / BYTES_PER_TASK));
            Dataset<Row> records = ((org.apache.spark.sql.classic.SparkSession) spark)
                    .internalCreateDataFrame(read.rdd(), ReadRecords.SHUFFLED, false);
            RDD<InternalRow> sorted = ((org.apache.spark.sql.classic.Dataset<Row>) records
                    .repartition(tasks, col("record_group"), col("shuffle_key"))
                    .sortWithinPartitions("record_group", "shuffle_key", "log", "file", "position"))
                    .queryExecution().toRdd();
            AssembleRecords.Written written = new AssembleRecords.Written();
            for (AssembleRecords.Written task : sorted.toJavaRDD().mapPartitions(new AssembleRecords(files, logs, tables, taskConf)).collect()) {
                written.add(task);
            }
            for (String table : List.of(TRANSACTIONS, BASKET_ITEMS, TOPUPS, RECORDS)) {
                if (written.rowsByTable.getOrDefault(table, 0L) == 0) {
                    TaskTables.writeEmpty(tables, conf, table, !table.equals(RECORDS));
                }
            }
            IngestCounts counts = counts(names, written);
            if (!counts.reconciles()) {
                throw new IllegalStateException("ingest lost records: raw " + counts.raw() + " ≠ accepted "
                        + counts.accepted() + " + quarantined " + counts.quarantined() + " (" + counts.bySchemes() + ")");
            }
            out.publish(OutputDir.CANONICAL);
            out.publish(OutputDir.QUARANTINE);
            return counts;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("could not write " + out.display(OutputDir.CANONICAL), e);
        } finally {
            registered.destroy();
        }
    }

    private static long size(Configuration conf, String file) {
        Path path = new Path(file);
        try {
            return path.getFileSystem(conf).getFileStatus(path).getLen();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** Per log: the records its files held, the canonical rows made from them and the ones quarantined, by reason. */
    private static IngestCounts counts(List<String> logs, AssembleRecords.Written written) {
        Map<String, IngestCounts.SchemeCounts> byLog = new LinkedHashMap<>();
        long raw = 0;
        long acceptedTotal = 0;
        long quarantinedTotal = 0;
        for (String log : logs) {
            long logRaw = written.raw.getOrDefault(log, 0L);
            long logAccepted = written.accepted.getOrDefault(log, 0L);
            Map<String, Long> byReason = written.quarantined.getOrDefault(log, Map.of());
            long logQuarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
            byLog.put(log, new IngestCounts.SchemeCounts(logRaw, logAccepted, logQuarantined, byReason));
            raw += logRaw;
            acceptedTotal += logAccepted;
            quarantinedTotal += logQuarantined;
        }
        return new IngestCounts(raw, acceptedTotal, quarantinedTotal, byLog);
    }
}
