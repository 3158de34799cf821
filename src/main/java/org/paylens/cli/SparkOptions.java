package org.paylens.cli;

import picocli.CommandLine.Option;

/** Options every Spark command takes. */
final class SparkOptions {
    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (a path or a Hadoop URI such as file:///data/out). Default: ./out.")
    String out = "out";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077. Default: the one spark-submit gives, "
                    + "else local[*] (embedded Spark on every core).")
    String master;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
