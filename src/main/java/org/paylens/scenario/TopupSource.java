package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** Where a prepaid balance is topped up from. */
public enum TopupSource {
    /** The consumer's bank account: the bank sees "¥5,000 to the wallet". */
    @JsonProperty("bank") BANK,
    /** The consumer's credit card: the issuer sees the top-up. */
    @JsonProperty("card") CARD,
    /** Cash at a register or ATM: no bank sees it. */
    @JsonProperty("cash") CASH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
