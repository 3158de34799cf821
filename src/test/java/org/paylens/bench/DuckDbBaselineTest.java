package org.paylens.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

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
}
