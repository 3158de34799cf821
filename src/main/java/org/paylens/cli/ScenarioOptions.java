package org.paylens.cli;

import org.paylens.scenario.Scenario;
import org.paylens.scenario.ScenarioLoader;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** --scenario and --set, shared by the commands that start from a scenario. */
final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "A built-in scenario (see 'paylens scenarios') or a scenario YAML file. Default: "
                    + ScenarioLoader.DEFAULT_SCENARIO + ".")
    String scenario = ScenarioLoader.DEFAULT_SCENARIO;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE",
            description = "Overrides one scenario key, e.g. --set population.consumers=5000 or "
                    + "--set faults.rate=0.02. Repeatable; applied in order.")
    List<String> overrides = new ArrayList<>();

    ScenarioLoader.Source source() {
        return ScenarioLoader.read(scenario);
    }

    Scenario load(ScenarioLoader.Source source) {
        return ScenarioLoader.parse(source, overrides);
    }
}
