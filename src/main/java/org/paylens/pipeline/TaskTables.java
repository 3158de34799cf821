package org.paylens.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parquet files one task writes into several tables at once, each table split into {@code month=…}
 * directories as {@code partitionBy("month")} splits it, so that one pass over the data can write every table a
 * stage makes. Rows are written by Spark's own Parquet write support, so the files are what Spark's writer makes
 * (types, footer schema, compression); each goes to a hidden name and is renamed to its part name only at
 * {@link #commit}, like the generator's files ({@link TaskFile}).
 */
public final class TaskTables implements AutoCloseable {
    /** What every task's writers need: the tables' schemas and the session's Parquet settings. */
    public static final class Spec implements Serializable {
        private final Map<String, String> tableDirs = new LinkedHashMap<>();
        private final Map<String, String> schemas = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, List<String>> plainColumns = new LinkedHashMap<>();
        private final String codec;

        /** The Parquet settings of the session that Spark's write support reads. */
        public Spec(SparkSession spark) {
            // Every Parquet setting Spark defines (internal ones too), with the session's value: the write support
            // reads several and fails on a missing one.
            org.apache.spark.sql.internal.SQLConf sessionConf = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().conf();
            for (org.apache.spark.internal.config.ConfigEntry<?> entry : org.apache.spark.sql.internal.SQLConf$.MODULE$.getConfigEntries()) {
                String key = entry.key();
                if (key.startsWith("spark.sql.parquet.") || key.startsWith("spark.sql.legacy.parquet.")) {
                    String value = sessionConf.contains(key) ? sessionConf.getConfString(key)
                            : entry.defaultValue().isDefined() ? entry.defaultValueString() : null;
                    if (value != null) {
                        settings.put(key, value);
                    }
                }
            }
            settings.put("spark.sql.session.timeZone", spark.conf().get("spark.sql.session.timeZone"));
            codec = spark.conf().get("spark.sql.parquet.compression.codec");
        }

        /** A table: its directory and the schema of its files (without the month, which is in the path). */
        public Spec table(String name, String dir, StructType schema) {
            tableDirs.put(name, dir);
            schemas.put(name, schema.json());
            return this;
        }

        /**
         * Columns written without a dictionary: ones with a value per row (ids, instants), where Parquet's writer
         * would fill a dictionary only to drop it once it outgrows a page.
         */
        public Spec plain(String table, String... columns) {
            plainColumns.put(table, List.of(columns));
            return this;
        }

        public StructType schema(String table) {
            return (StructType) org.apache.spark.sql.types.DataType.fromJson(schemas.get(table));
        }

        public String dir(String table) {
            return tableDirs.get(table);
        }
    }

    private final Spec spec;
    private final Configuration conf;
    private final int partition;
    private final int attempt;
    private final Map<String, Map<String, Open>> open = new LinkedHashMap<>();

    private record Open(TaskFile file, ParquetWriter<InternalRow> writer) {
    }

    public TaskTables(Spec spec, Configuration conf, int partition, int attempt) {
        this.spec = spec;
        this.conf = conf;
        this.partition = partition;
        this.attempt = attempt;
    }

    /** Writes a row (in the table's file schema) into the table's file for the month (null: a table not split by month). */
    public void write(String table, String month, InternalRow row) throws IOException {
        Open file = open.computeIfAbsent(table, t -> new LinkedHashMap<>()).get(month);
        if (file == null) {
            file = create(table, month == null ? new Path(spec.dir(table)) : new Path(spec.dir(table), "month=" + month), spec.schema(table));
            open.get(table).put(month, file);
        }
        file.writer().write(row);
    }

    private Open create(String table, Path dir, StructType schema) throws IOException {
        TaskFile file = new TaskFile(conf, dir, partition, attempt, "." + codecName().name().toLowerCase(java.util.Locale.ROOT) + ".parquet");
        Configuration writerConf = new Configuration(conf);
        spec.settings.forEach(writerConf::set);
        ParquetWriteSupport.setSchema(schema, writerConf);
        Builder builder = new Builder(HadoopOutputFile.fromPath(file.hidden, writerConf))
                .withConf(writerConf).withCompressionCodec(codecName())
                .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE);
        for (String column : spec.plainColumns.getOrDefault(table, List.of())) {
            builder = builder.withDictionaryEncoding(column, false);
        }
        ParquetWriter<InternalRow> writer = builder.build();
        return new Open(file, writer);
    }

    private CompressionCodecName codecName() {
        return CompressionCodecName.fromConf(spec.codec == null || spec.codec.equals("none") ? "uncompressed" : spec.codec);
    }

    /** Closes every file and moves each to its part name. */
    public void commit() throws IOException {
        List<TaskFile> closed = new ArrayList<>();
        for (Map<String, Open> months : open.values()) {
            for (Open file : months.values()) {
                file.writer().close();
                closed.add(file.file());
            }
        }
        for (TaskFile file : closed) {
            file.commit();
        }
        open.clear();
    }

    /** Drops every file not yet committed: for a task that failed. */
    @Override
    public void close() {
        for (Map<String, Open> months : open.values()) {
            for (Open file : months.values()) {
                try {
                    file.writer().close();
                } catch (IOException | RuntimeException ignored) {
                    // dropped below either way
                }
                file.file().abort();
            }
        }
        open.clear();
    }

    /**
     * Writes an empty table: one file without rows; for a table split by month, its schema has the month as a
     * column too, which is what Spark reads back from a partitioned table with no rows.
     */
    public static void writeEmpty(Spec spec, Configuration conf, String table, boolean byMonth) throws IOException {
        StructType withMonth = byMonth ? spec.schema(table).add("month", org.apache.spark.sql.types.DataTypes.StringType) : spec.schema(table);
        TaskTables tables = new TaskTables(spec, conf, 0, 0);
        Open file = tables.create(table, new Path(spec.dir(table)), withMonth);
        file.writer().close();
        file.file().commit();
    }

    private static final class Builder extends ParquetWriter.Builder<InternalRow, Builder> {
        Builder(org.apache.parquet.io.OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<InternalRow> getWriteSupport(Configuration conf) {
            return new ParquetWriteSupport();
        }
    }
}
