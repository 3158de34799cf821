package org.paylens.cli;

import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Options of every command that starts Spark. */
final class MasterOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077. Default: the one spark-submit gives, "
                    + "else local[*] (embedded Spark on every core).")
    String url;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, as spark-submit's --conf, e.g. --conf spark.executor.memory=4g or "
                    + "--conf spark.hadoop.fs.s3a.endpoint=URL. Repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--print-submit",
            description = "Print the spark-submit line that runs this same command on the --master cluster, and exit "
                    + "without running it.")
    boolean printSubmit;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    SparkSettings settings() {
        return new SparkSettings(url, conf);
    }
}
