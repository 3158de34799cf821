package org.paylens.pipeline;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writing the month-partitioned Parquet tables so that any reader can open them, even when they hold no row. */
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
}
