package org.paylens.cli;

import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Reads raw/ into the canonical tables (canonical/) and quarantines bad records (quarantine/). "
                + "Removes later stages' outputs, which came from the old tables.")
final class IngestCommand extends StageCommand {
    @Override
    void stage(Pipeline pipeline) {
        pipeline.ingest();
    }

    @Override
    String result(Pipeline pipeline, OutputDir out) {
        return "Canonical: " + out.display(OutputDir.CANONICAL) + "\nNext:      paylens analyze --out " + out.display();
    }
}
