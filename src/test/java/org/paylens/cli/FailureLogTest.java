package org.paylens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An unexpected failure's stack trace is always kept, in the run's directory when paylens made it. */
class FailureLogTest {
    @TempDir
    Path dir;

    @Test
    void theStackTraceGoesToTheRunsDirectoryWhenPaylensMadeIt() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(".paylens-output"), "paylens output directory\n");
        Path log = FailureLog.write(run.toString(), List.of("analyze", "--out", run.toString()),
                new IllegalStateException("outer", new ArithmeticException("the cause")));
        assertThat(log).isEqualTo(run.resolve(FailureLog.NAME).toAbsolutePath());
        assertThat(Files.readString(log)).contains("arguments: analyze --out " + run)
                .contains("java.lang.IllegalStateException: outer").contains("Caused by: java.lang.ArithmeticException: the cause")
                .contains("\tat org.paylens.cli.FailureLogTest");
    }

    @Test
    void aDirectoryPaylensDidNotMakeGetsNothingAndTheTraceGoesToATemporaryFile() throws IOException {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Path log = FailureLog.write(foreign.toString(), List.of("run"), new IllegalStateException("boom"));
        try {
            assertThat(foreign).isEmptyDirectory();
            assertThat(log.getFileName().toString()).startsWith("paylens-failure-").endsWith(".log");
            assertThat(Files.readString(log)).contains("java.lang.IllegalStateException: boom");
        } finally {
            Files.deleteIfExists(log);
        }
        Path withoutOut = FailureLog.write(null, List.of("bench"), new IllegalStateException("no --out"));
        try {
            assertThat(Files.readString(withoutOut)).contains("no --out");
        } finally {
            Files.deleteIfExists(withoutOut);
        }
    }
}
