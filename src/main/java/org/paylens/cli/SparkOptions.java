package org.paylens.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of every command that reads or writes an output directory with Spark. */
final class SparkOptions {
    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (a path or a Hadoop URI such as file:///data/out). Default: ./out.")
    String out = "out";

    @Mixin
    MasterOptions master;
}
