package org.paylens.cli;

import picocli.CommandLine.Option;

/** Options of every command that starts Spark. */
final class MasterOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] or spark://host:7077. Default: the one spark-submit gives, "
                    + "else local[*] (embedded Spark on every core).")
    String url;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
