package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** How a scheme moves money; visibility rules are written per kind. */
public enum SchemeKind {
    @JsonProperty("cash") CASH,
    @JsonProperty("card") CARD,
    @JsonProperty("store_wallet") STORE_WALLET,
    @JsonProperty("platform_wallet") PLATFORM_WALLET,
    @JsonProperty("bank_direct") BANK_DIRECT,
    @JsonProperty("emoney") EMONEY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
