package org.paylens.cli;

import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Lists the built-in scenarios with a line each, or prints one to copy and edit.")
final class ScenariosCommand implements Callable<Integer> {
    @Option(names = "--show", paramLabel = "NAME", description = "Print this built-in scenario's YAML, comments included.")
    String show;

    @Override
    public Integer call() {
        if (show != null) {
            System.out.print(ScenarioLoader.read(show).text());
            return 0;
        }
        int width = ScenarioLoader.BUILT_IN.stream().mapToInt(String::length).max().orElse(0);
        for (String name : ScenarioLoader.BUILT_IN) {
            Scenario scenario = ScenarioLoader.load(name, List.of());
            String marker = name.equals(ScenarioLoader.DEFAULT_SCENARIO) ? " (default)" : "";
            System.out.printf("%-" + width + "s  %s%s%n", name, scenario.description(), marker);
        }
        return 0;
    }
}
