package org.paylens.scenario;

/**
 * Settings of the measures that need them.
 *
 * @param unicity how re-identification is measured
 */
public record Measures(Unicity unicity) {
    public static final Measures DEFAULT = new Measures(null);

    public Measures {
        unicity = unicity == null ? Unicity.DEFAULT : unicity;
    }
}
