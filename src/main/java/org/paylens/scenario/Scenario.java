package org.paylens.scenario;

import java.util.List;
import java.util.Map;

/**
 * Every parameter of one simulated world, as loaded from a scenario file and its overrides. Immutable; make a
 * changed copy with {@link ScenarioLoader#withOverrides}.
 */
public record Scenario(String name, String description, Long seed, Period period, Population population,
                       Faults faults, Map<String, OperatorSpec> operators, Map<String, ChainSpec> chains,
                       Map<String, SchemeSpec> schemes, Map<String, LoyaltySpec> loyalty, Visibility visibility,
                       List<CalibrationTarget> calibration, Map<String, AllianceSpec> alliances, Measures measures) {
    public Scenario {
        description = description == null ? "" : description;
        faults = faults == null ? Faults.NONE : faults;
        operators = Maps.frozen(operators);
        chains = Maps.frozen(chains);
        schemes = Maps.frozen(schemes);
        loyalty = Maps.frozen(loyalty);
        calibration = Maps.frozen(calibration);
        visibility = visibility == null ? new Visibility(null) : visibility;
        alliances = Maps.frozen(alliances);
        measures = measures == null ? Measures.DEFAULT : measures;
    }

    public OperatorSpec operator(String id) {
        return operators.get(id);
    }
}
