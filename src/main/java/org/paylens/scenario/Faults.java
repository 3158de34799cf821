package org.paylens.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Defects injected into the raw logs, as real feeds have them.
 *
 * @param rate  share of raw records written defective, in [0, 1]
 * @param kinds relative weight of each kind of defect ({@link Fault} ids), each more than 0; a kind left out is not
 *              injected. Defaults to every kind with weight 1. A log whose format cannot carry a kind (XML has no
 *              raw bytes to spoil) draws among the kinds it can.
 */
public record Faults(Double rate, Map<String, Double> kinds) {
    public static final Faults NONE = new Faults(0.0, null);

    public Faults {
        rate = rate == null ? 0.0 : rate;
        if (kinds == null || kinds.isEmpty()) {
            Map<String, Double> every = new LinkedHashMap<>();
            Fault.ids().forEach(id -> every.put(id, 1.0));
            kinds = every;
        }
        kinds = Maps.frozen(kinds);
    }
}
