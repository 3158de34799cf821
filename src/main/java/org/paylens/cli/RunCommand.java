package org.paylens.cli;

import org.paylens.measure.AnalyzeStage;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the whole pipeline (generate, ingest, analyze, report) on a scenario and says where the report is.")
final class RunCommand extends NewRunCommand {
    @Override
    void stages(Pipeline pipeline) {
        pipeline.runAll();
    }

    @Override
    void printWhereResultsAre(Pipeline pipeline, OutputDir out) {
        System.out.println("Report:  " + pipeline.reportPath());
        System.out.println("Summary: " + out.display(OutputDir.METRICS, AnalyzeStage.SUMMARY_JSON));
    }
}
