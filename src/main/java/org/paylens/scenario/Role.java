package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** The part an operator plays in one purchase. */
public enum Role {
    /** The group that runs the shop where the purchase happened (its POS log). */
    @JsonProperty("store") STORE,
    /** The operator of the scheme used to pay. */
    @JsonProperty("scheme_operator") SCHEME_OPERATOR,
    /** The bank or card issuer whose account or card funds the payment. */
    @JsonProperty("funding_bank") FUNDING_BANK,
    /** The points programme whose card was scanned at the till. */
    @JsonProperty("loyalty_programme") LOYALTY_PROGRAMME,
    /** The network or switch that routes the scheme's payments between the merchant's side and the payer's. */
    @JsonProperty("network") NETWORK,
    /** The acquirer that processes the shop's cashless payments. */
    @JsonProperty("acquirer") ACQUIRER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
