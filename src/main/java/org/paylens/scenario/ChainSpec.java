package org.paylens.scenario;

/**
 * A kind of shop: a chain with its stores, or a class of independent shops (no operator).
 *
 * @param name        display name
 * @param operator    id of the operator that runs the chain's stores and POS data; null for independents
 * @param category    household-spending category of what it sells
 * @param stores      number of stores simulated
 * @param visitShare  share of all purchases made at this chain; shares sum to 1
 * @param meanTicket  mean amount of one purchase, yen
 */
public record ChainSpec(String name, String operator, String category, Integer stores, Double visitShare,
                        Integer meanTicket) {
}
