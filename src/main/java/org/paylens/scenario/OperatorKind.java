package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What kind of party an operator is; it decides nothing by itself (visibility rules do) but labels reports. */
public enum OperatorKind {
    @JsonProperty("retail_group") RETAIL_GROUP,
    @JsonProperty("store_wallet") STORE_WALLET,
    @JsonProperty("platform_wallet") PLATFORM_WALLET,
    @JsonProperty("bank") BANK,
    @JsonProperty("consortium") CONSORTIUM,
    @JsonProperty("card_network") CARD_NETWORK,
    @JsonProperty("card_issuer") CARD_ISSUER,
    @JsonProperty("acquirer") ACQUIRER,
    @JsonProperty("loyalty_programme") LOYALTY_PROGRAMME;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
