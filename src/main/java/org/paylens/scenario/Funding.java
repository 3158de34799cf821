package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** Where the money of a payment comes from, which decides who sees a record of it. */
public enum Funding {
    /** Notes and coins: no account anywhere. */
    @JsonProperty("cash") CASH,
    /** Debited from the consumer's bank account at the time of purchase: the bank sees the merchant. */
    @JsonProperty("direct") DIRECT,
    /** Paid from a prepaid balance topped up earlier: the funding source sees only the top-up. */
    @JsonProperty("topup") TOPUP,
    /** Billed later by the card issuer, which sees each purchase. */
    @JsonProperty("credit") CREDIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
