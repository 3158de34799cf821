package org.paylens.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paylens.pipeline.OutputDir;
import org.paylens.scenario.Unicity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbBaselineTest {
    @Test
    void spillsBesideTheRunNotIntoTheWorkingDirectory(@TempDir Path bench) throws Exception {
        Path run = bench.resolve("run");
        Files.createDirectories(run);
        Path spill = DuckDbBaseline.spillDirectory(run);
        assertThat(spill.getParent()).isEqualTo(bench.toAbsolutePath());
        assertThat(spill).isEmptyDirectory();
        assertThat(DuckDbBaseline.spillDirectory(run)).isNotEqualTo(spill);

        try (Connection connection = DuckDbBaseline.connect(1, spill);
             Statement sql = connection.createStatement();
             ResultSet setting = sql.executeQuery("SELECT current_setting('temp_directory'), current_setting('threads')")) {
            assertThat(setting.next()).isTrue();
            assertThat(Path.of(setting.getString(1))).isEqualTo(spill);
            assertThat(setting.getLong(2)).isEqualTo(1);
        }
    }

    @Test
    void removesItsSpillDirectoryWhenItFails(@TempDir Path bench) throws Exception {
        Path run = bench.resolve("run");
        Files.createDirectories(run); // no tables in it: the baseline fails at its first view
        assertThatThrownBy(() -> DuckDbBaseline.run(OutputDir.at(run.toString()), Unicity.DEFAULT, 1, Map.of()))
                .hasMessageContaining(run.toString());
        try (var left = Files.list(bench)) {
            assertThat(left).containsExactly(run);
        }
    }
}
