package org.paylens.scenario;

import java.util.Map;

/**
 * Who is simulated.
 *
 * @param consumers        number of consumers
 * @param purchasesPerDay  mean purchases per consumer per day (Poisson)
 * @param banks            share of consumers whose main account is at each bank operator; shares sum to 1
 * @param cardHolderShare  share of consumers holding a credit card
 * @param cardIssuers      share of card holders whose main card each issuer operator issued; sum to 1
 * @param regions          share of consumers living in each region; sum to 1
 * @param ageBands         age bands: share of consumers and how much more (or less) than average they take up
 *                         wallets and e-money
 * @param incomeBands      income bands: share of consumers, spending relative to average, card holding relative to
 *                         average
 */
public record Population(Long consumers, Double purchasesPerDay, Map<String, Double> banks, Double cardHolderShare,
                         Map<String, Double> cardIssuers, Map<String, Double> regions, Map<String, AgeBand> ageBands,
                         Map<String, IncomeBand> incomeBands) {
    public Population {
        banks = Maps.frozen(banks);
        cardIssuers = Maps.frozen(cardIssuers);
        regions = Maps.frozen(regions);
        ageBands = Maps.frozen(ageBands);
        incomeBands = Maps.frozen(incomeBands);
    }

    /**
     * @param share          share of consumers in the band
     * @param walletAffinity relative take-up of wallets and e-money (1 = average); normalised so that a scheme's
     *                       adoption stays its overall share
     */
    public record AgeBand(Double share, Double walletAffinity) {
    }

    /**
     * @param share        share of consumers in the band
     * @param spendFactor  relative amount per purchase (1 = average); normalised to keep the mean
     * @param cardAffinity relative likelihood of holding a credit card (1 = average); normalised likewise
     */
    public record IncomeBand(Double share, Double spendFactor, Double cardAffinity) {
    }
}
