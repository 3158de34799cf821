package org.paylens.scenario;

import java.time.LocalDate;
import java.util.List;

/**
 * A way to pay.
 *
 * @param name        display name
 * @param kind        cash, card, store_wallet, …
 * @param operator    id of the operator that runs it; null for cash
 * @param acceptedAt  chain ids where it is accepted; empty means everywhere
 * @param adoption    share of consumers who have it (for cards: of card holders)
 * @param weight      relative preference when it is one of several usable schemes
 * @param launch      first day it can be used; null means before the period
 * @param shutdown    last day it can be used; null means after the period
 */
public record SchemeSpec(String name, SchemeKind kind, String operator, List<String> acceptedAt, Double adoption,
                         Double weight, LocalDate launch, LocalDate shutdown) {
    public SchemeSpec {
        acceptedAt = Maps.frozen(acceptedAt);
    }

    public boolean liveOn(LocalDate day) {
        return (launch == null || !day.isBefore(launch)) && (shutdown == null || !day.isAfter(shutdown));
    }
}
