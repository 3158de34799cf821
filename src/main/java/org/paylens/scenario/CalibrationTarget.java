package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Locale;

/**
 * A published figure the generated truth should reproduce, and how to measure it.
 *
 * @param name    what the report calls it
 * @param measure which quantity of the truth to compare
 * @param method  for method_share_of_cashless: credit, debit, emoney or code
 * @param scheme  for scheme_share_of_method and the breach measures
 * @param chains  for chain_share (the chain first, then the others it is a share of) and mean_ticket
 * @param target  the figure
 * @param source  where the figure comes from (a FACTS.md row)
 */
public record CalibrationTarget(String name, Measure measure, SchemeSpec.Method method, String scheme,
                                List<String> chains, Double target, String source) {
    public CalibrationTarget {
        chains = Maps.frozen(chains);
    }

    public enum Measure {
        /** Share of all purchase spend not paid in cash. */
        @JsonProperty("cashless_share") CASHLESS_SHARE,
        /** One method's share of all cashless spend. */
        @JsonProperty("method_share_of_cashless") METHOD_SHARE_OF_CASHLESS,
        /** One scheme's share of the spend of its method (e.g. PayPay of code payments). */
        @JsonProperty("scheme_share_of_method") SCHEME_SHARE_OF_METHOD,
        /** The first chain's share of the spend at all the chains listed. */
        @JsonProperty("chain_share") CHAIN_SHARE,
        /** Mean yen per purchase at the chains listed. */
        @JsonProperty("mean_ticket") MEAN_TICKET,
        /** Victims of a breach per user of the scheme. */
        @JsonProperty("breach_victims_per_user") BREACH_VICTIMS_PER_USER,
        /** Fraudulent spend per victim, yen. */
        @JsonProperty("breach_damage_per_victim") BREACH_DAMAGE_PER_VICTIM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
