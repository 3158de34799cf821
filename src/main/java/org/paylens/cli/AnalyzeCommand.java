package org.paylens.cli;

import org.paylens.measure.AnalyzeStage;
import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "From canonical/: what each operator sees (observations/) and the measures (metrics/, with summary.json).")
final class AnalyzeCommand extends StageCommand {
    @Override
    void stage(Pipeline pipeline) {
        pipeline.analyze();
    }

    @Override
    String result(Pipeline pipeline, OutputDir out) {
        return "Summary: " + out.display(OutputDir.METRICS, AnalyzeStage.SUMMARY_JSON)
                + "\nNext:    paylens report --out " + out.display();
    }
}
