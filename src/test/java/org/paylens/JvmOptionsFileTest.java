package org.paylens;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/spark-java-options (less the incubator module, whose only user is MLlib and which makes the JVM print a warning)
 * and the pom's test argLine must stay Spark's own list when Spark is upgraded.
 */
class JvmOptionsFileTest {
    private static final List<String> SPARK = Arrays.asList(JavaModuleOptions.defaultModuleOptionArray());

    @Test
    void theLauncherArgFileIsSparksListLessTheIncubatorModule() throws IOException {
        Path file = Path.of(System.getProperty("paylens.projectDir", "."), "bin", "spark-java-options");
        List<String> options = Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(options).isEqualTo(SPARK.stream().filter(option -> !option.equals("--add-modules=jdk.incubator.vector")).toList());
    }

    @Test
    void thePomPropertyIsSparksList() {
        String property = System.getProperty("paylens.sparkJavaOptions");
        assertThat(property).as("surefire passes the pom's spark.java.options").isNotNull();
        assertThat(Arrays.asList(property.trim().split("\\s+"))).isEqualTo(SPARK);
    }
}
