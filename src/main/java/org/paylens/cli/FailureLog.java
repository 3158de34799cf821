package org.paylens.cli;

import org.paylens.pipeline.OutputDir;
import org.paylens.pipeline.Versions;
import org.paylens.spark.HadoopLocations;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where an unexpected failure's stack trace is kept: {@value #NAME} in the run's --out when paylens made that local
 * directory, else a file in the system's temporary directory, so that a failure seen once can still be looked into.
 */
final class FailureLog {
    static final String NAME = "paylens-failure.log";

    private FailureLog() {
    }

    /** @return the file written, or null when none could be */
    static Path write(String out, List<String> args, Throwable failure) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            writer.println("paylens " + Versions.paylens() + " failed at " + Instant.now());
            writer.println("arguments: " + String.join(" ", args));
            writer.println();
            failure.printStackTrace(writer);
        }
        try {
            Path dir = out != null && !HadoopLocations.isUri(out) && OutputDir.madeByPaylens(Path.of(out)) ? Path.of(out) : null;
            Path file = dir == null ? Files.createTempFile("paylens-failure-", ".log") : dir.resolve(NAME);
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
