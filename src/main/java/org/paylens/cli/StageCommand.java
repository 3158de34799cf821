package org.paylens.cli;

import org.apache.spark.sql.SparkSession;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import org.paylens.spark.SparkSettings;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** A command that runs one stage in an output directory an earlier command made, with that run's scenario. */
abstract class StageCommand implements Callable<Integer> {
    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        SparkSettings settings = sparkOptions.master.settings();
        OutputDir out = OutputDir.at(sparkOptions.out, settings.hadoopConfiguration());
        Pipeline.resume(null, out); // fails fast, before Spark starts, when --out holds no run
        SparkSession spark = needsSpark() ? settings.start() : null;
        try {
            Pipeline pipeline = Pipeline.resume(spark, out);
            stage(pipeline);
            System.out.println(result(pipeline, out));
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
        return 0;
    }

    boolean needsSpark() {
        return true;
    }

    abstract void stage(Pipeline pipeline);

    abstract String result(Pipeline pipeline, OutputDir out);
}
