package org.paylens.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writing the month-partitioned Parquet tables so that any reader can open them, even when they hold no row, and
 * reading paylens' own tables back without a Spark job.
 */
public final class Tables {
    private Tables() {
    }

    /**
     * Writes {@code table} partitioned by its {@code month} column. A partitioned write of no rows leaves no Parquet
     * file, and Spark cannot read a table without one (a small world may have no top-up at all); then one empty file
     * with the table's schema, {@code month} as a plain column, is written instead.
     */
    public static void writeByMonth(Dataset<Row> table, String path) {
        table.write().partitionBy("month").parquet(path);
        if (!hasParquetFile(table, path)) {
            table.sparkSession().createDataFrame(List.<Row>of(), table.schema()).coalesce(1)
                    .write().mode("overwrite").parquet(path);
        }
    }

    /**
     * Opens a Parquet table, as {@code spark.read().parquet(path)} would, but with the schema read on the driver
     * from the footer of one of its files (the one Spark stored there, else the Parquet schema converted as Spark
     * converts it): Spark otherwise runs a job to read footers each time a table is opened, a tenth of a second or
     * more, dozens of times a run. A {@code month=…} directory level adds the string column {@code month}, as
     * Spark's partition discovery infers it. Falls back to Spark's inference for a directory without a Parquet file.
     */
    public static Dataset<Row> read(SparkSession spark, String path) {
        StructType schema = storedSchema(spark, path);
        return schema == null ? spark.read().parquet(path) : spark.read().schema(schema).parquet(path);
    }

    private static StructType storedSchema(SparkSession spark, String path) {
        try {
            Path root = new Path(path);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            FileSystem fs = root.getFileSystem(conf);
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                if (!file.getName().endsWith(".parquet")) {
                    continue;
                }
                StructType schema;
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
                    String stored = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
                    // A file another writer made (the truth's): its Parquet schema converted as Spark converts it
                    // when it infers a table's schema from one file's footer, every field nullable as a file
                    // source makes it.
                    schema = stored != null ? (StructType) DataType.fromJson(stored)
                            : new ParquetToSparkSchemaConverter(((org.apache.spark.sql.classic.SparkSession) spark).sessionState().conf())
                            .convert(reader.getFooter().getFileMetaData().getSchema()).asNullable();
                }
                boolean byMonth = file.getParent().getName().startsWith("month=");
                return byMonth && !List.of(schema.fieldNames()).contains("month") ? schema.add("month", DataTypes.StringType) : schema;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Where Spark's Parquet writer keeps the table's schema in each file's footer. */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private static boolean hasParquetFile(Dataset<Row> table, String path) {
        try {
            Path root = new Path(path);
            FileSystem fs = root.getFileSystem(table.sparkSession().sparkContext().hadoopConfiguration());
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                if (files.next().getPath().getName().endsWith(".parquet")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    /**
     * The rows of a Parquet table, summed from its files' footers on the driver: what {@code count()} gives, without
     * a Spark job.
     */
    public static long rowCount(SparkSession spark, String path) {
        try {
            Path root = new Path(path);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            RemoteIterator<LocatedFileStatus> files = root.getFileSystem(conf).listFiles(root, true);
            long rows = 0;
            while (files.hasNext()) {
                Path file = files.next().getPath();
                String name = file.getName();
                if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
                        rows += reader.getRecordCount();
                    }
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Writes rows the driver holds (a few hundred: a summary's tables) as a one-file Parquet table, with Spark's
     * own Parquet write support, as {@code createDataFrame(rows, schema).coalesce(1).write().parquet(path)} would
     * but without a Spark job.
     */
    public static void writeRows(SparkSession spark, List<Row> rows, StructType schema, String path) {
        TaskTables.Spec spec = new TaskTables.Spec(spark).table("rows", path, schema);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            if (rows.isEmpty()) {
                TaskTables.writeEmpty(spec, conf, "rows", false);
                return;
            }
            scala.Function1<Object, Object> toCatalyst =
                    org.apache.spark.sql.catalyst.CatalystTypeConverters.createToCatalystConverter(schema);
            try (TaskTables tables = new TaskTables(spec, conf, 0, 0)) {
                for (Row row : rows) {
                    tables.write("rows", null, (org.apache.spark.sql.catalyst.InternalRow) toCatalyst.apply(row));
                }
                tables.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
