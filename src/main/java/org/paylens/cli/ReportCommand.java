package org.paylens.cli;

import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "From metrics/: the charts and report/index.html. Needs no Spark.")
final class ReportCommand extends StageCommand {
    @Override
    boolean needsSpark() {
        return false;
    }

    @Override
    void stage(Pipeline pipeline) {
        pipeline.report();
    }

    @Override
    String result(Pipeline pipeline, OutputDir out) {
        return "Report: " + pipeline.reportPath();
    }
}
