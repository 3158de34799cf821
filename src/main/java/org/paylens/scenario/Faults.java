package org.paylens.scenario;

/**
 * Defects injected into the raw logs, as real feeds have them.
 *
 * @param rate share of raw records written defective, in [0, 1]
 */
public record Faults(Double rate) {
    public static final Faults NONE = new Faults(0.0);

    public Faults {
        rate = rate == null ? 0.0 : rate;
    }
}
