package org.paylens.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputDirTest {
    @Test
    void aNewOrEmptyDirectoryIsUsable(@TempDir Path dir) {
        OutputDir.at(dir.resolve("new").toString()).prepareForRun(false);
        assertThat(dir.resolve("new").resolve(OutputDir.MARKER)).exists();
    }

    @Test
    void aPathAndItsFileUrisAreOnePlace(@TempDir Path dir) {
        OutputDir.at(dir.resolve("run").toUri().toString()).writeAtomically("a.txt", "via file:///");
        OutputDir.at("file:" + dir.resolve("run")).writeAtomically("b.txt", "via file:/");
        OutputDir byPath = OutputDir.at(dir.resolve("run").toString());
        assertThat(byPath.readText("a.txt")).isEqualTo("via file:///");
        assertThat(byPath.readText("b.txt")).isEqualTo("via file:/");
        assertThat(OutputDir.at("file:" + dir.resolve("run")).display()).isEqualTo(dir.resolve("run").toString());
    }

    @Test
    void aNonEmptyDirectoryIsRefusedWithoutOverwrite(@TempDir Path dir) {
        OutputDir out = OutputDir.at(dir.toString());
        out.prepareForRun(false);
        out.writeAtomically("run.json", "{}");
        assertThatThrownBy(() -> OutputDir.at(dir.toString()).checkUsable(false))
                .isInstanceOf(UserError.class)
                .hasMessage("--out " + dir + ": directory is not empty; add --overwrite to replace the earlier paylens "
                        + "run there, or choose another --out");
    }

    @Test
    void overwriteEmptiesAnEarlierRun(@TempDir Path dir) {
        OutputDir out = OutputDir.at(dir.toString());
        out.prepareForRun(false);
        out.writeAtomically("metrics/summary.json", "{}");
        OutputDir.at(dir.toString()).prepareForRun(true);
        assertThat(dir.resolve("metrics")).doesNotExist();
        assertThat(dir.resolve(OutputDir.MARKER)).exists();
    }

    @Test
    void overwriteNeverEmptiesADirectoryPaylensDidNotMake(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("thesis.tex"), "years of work");
        assertThatThrownBy(() -> OutputDir.at(dir.toString()).prepareForRun(true))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("was not made by paylens");
        assertThat(dir.resolve("thesis.tex")).hasContent("years of work");
    }

    @Test
    void atomicWritesLeaveOnlyTheFinishedFile(@TempDir Path dir) throws IOException {
        OutputDir out = OutputDir.at(dir.toString());
        out.writeAtomically("metrics/summary.json", "first");
        out.writeAtomically("metrics/summary.json", "second");
        assertThat(dir.resolve("metrics/summary.json")).hasContent("second");
        try (var files = Files.list(dir.resolve("metrics"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("summary.json");
        }
    }

    @Test
    void stagedOutputAppearsOnlyWhenPublished(@TempDir Path dir) {
        OutputDir out = OutputDir.at(dir.toString());
        out.writeAtomically("report/index.html", "old");
        out.staging("report");
        out.writeStaged("report", "index.html", "new");
        assertThat(dir.resolve("report/index.html")).hasContent("old");
        out.publish("report");
        assertThat(dir.resolve("report/index.html")).hasContent("new");
        assertThat(dir.resolve(".staging")).doesNotExist();
    }

    @Test
    void aStageWithoutItsInputSaysWhatToRunFirst(@TempDir Path dir) {
        OutputDir out = OutputDir.at(dir.toString());
        assertThatThrownBy(() -> out.requireStage(OutputDir.RAW, "generate"))
                .hasMessage("--out " + dir + ": has no raw/; run 'generate' first (or 'run' for the whole pipeline)");
    }
}
