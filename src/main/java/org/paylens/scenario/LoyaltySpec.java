package org.paylens.scenario;

import java.util.List;

/**
 * A points programme: the card a consumer shows at the till.
 *
 * @param name       display name
 * @param operator   id of the operator that runs it and receives the scanned purchases
 * @param acceptedAt chain ids where its card can be scanned
 * @param adoption   share of consumers holding its card
 * @param scanRate   share of purchases at accepting chains where a holder scans it
 */
public record LoyaltySpec(String name, String operator, List<String> acceptedAt, Double adoption, Double scanRate) {
    public LoyaltySpec {
        acceptedAt = Maps.frozen(acceptedAt);
    }
}
