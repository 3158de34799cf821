package org.paylens.scenario;

import java.util.Map;

/**
 * Who is simulated.
 *
 * @param consumers        number of consumers
 * @param purchasesPerDay  mean purchases per consumer per day (Poisson)
 * @param banks            share of consumers whose main account is at each bank operator; shares sum to 1
 * @param cardHolderShare  share of consumers holding a credit card
 */
public record Population(Long consumers, Double purchasesPerDay, Map<String, Double> banks, Double cardHolderShare) {
    public Population {
        banks = Maps.frozen(banks);
    }
}
