package org.paylens.scenario;

import java.util.Map;

/**
 * A kind of shop: a chain with its stores, or a class of independent shops (no operator).
 *
 * @param name          display name
 * @param operator      id of the operator that runs the chain's stores and POS data; null for independents
 * @param categories    household-spending categories of what it sells, each with its share of items; sum to 1
 * @param stores        number of stores simulated (spread over regions by population; online shops have one
 *                      "store" per site)
 * @param visitShare    share of all purchases made at this chain; shares sum to 1
 * @param meanTicket    mean amount of one purchase, yen
 * @param online        true for online shops, which every region reaches
 * @param statementName how the merchant appears on a bank statement (half-width katakana, as Japanese banks
 *                      print it); defaults to the name
 * @param acquirer      id of the operator that acquires its cashless payments; null means none modelled
 */
public record ChainSpec(String name, String operator, Map<String, Double> categories, Integer stores,
                        Double visitShare, Integer meanTicket, Boolean online, String statementName,
                        String acquirer) {
    public ChainSpec {
        categories = Maps.frozen(categories);
        online = online != null && online;
    }
}
