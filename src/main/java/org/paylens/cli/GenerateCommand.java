package org.paylens.cli;

import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Simulates the scenario's world: writes each operator's raw log (raw/) and the ground truth (truth/).")
final class GenerateCommand extends NewRunCommand {
    @Override
    void stages(Pipeline pipeline) {
        pipeline.generate();
    }

    @Override
    void printWhereResultsAre(Pipeline pipeline, OutputDir out) {
        System.out.println("Raw logs: " + out.display(OutputDir.RAW));
        System.out.println("Truth:    " + out.display(OutputDir.TRUTH));
        System.out.println("Next:     paylens ingest --out " + out.display());
    }
}
