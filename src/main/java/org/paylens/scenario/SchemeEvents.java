package org.paylens.scenario;

import java.time.LocalDate;
import java.util.Map;

/**
 * What happens to a scheme during the period besides its launch and shutdown.
 *
 * @param breach      accounts taken over by attackers, who top up and buy with them
 * @param topupFreeze first day on which no top-ups are possible; balances can still be spent
 * @param migration   after shutdown, the share of the scheme's users who take up each other scheme (the rest
 *                    fall back to what they already hold); shares sum to at most 1
 */
public record SchemeEvents(Breach breach, LocalDate topupFreeze, Map<String, Double> migration) {
    public SchemeEvents {
        migration = Maps.frozen(migration);
    }

    /**
     * @param start              first day of fraudulent use
     * @param end                last day of fraudulent use
     * @param victimShare        share of the scheme's users whose accounts are taken over
     * @param damagePerVictimYen mean fraudulent spend per victim, yen
     */
    public record Breach(LocalDate start, LocalDate end, Double victimShare, Integer damagePerVictimYen) {
    }
}
