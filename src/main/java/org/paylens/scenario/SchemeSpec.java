package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A way to pay.
 *
 * @param name        display name
 * @param kind        cash, card, store_wallet, …
 * @param method      the method class of METI's cashless statistics: cash, credit, debit, emoney or code
 * @param operator    id of the operator that runs it; null for cash
 * @param funding     cash, direct (bank debit at purchase), topup (prepaid balance) or credit
 * @param topupFrom   for topup funding: bank, card or cash
 * @param topupYen    for topup funding: the amount of one top-up, yen
 * @param banks       bank operators whose account holders can use it (a consortium's members); empty means any
 * @param acceptedAt  chain ids where it is accepted; empty means everywhere
 * @param adoption    share of consumers who take it up (cards: of card holders; bank schemes: of members' customers)
 * @param rampDays    days after launch over which adopters take it up, evenly; 0 means all on launch day
 * @param weight      relative preference when it is one of several usable schemes
 * @param launch      first day it can be used; null means before the period
 * @param shutdown    last day it can be used; null means after the period
 * @param events      breach, top-up freeze, migration of users after shutdown
 * @param network     id of the operator of the network or switch that routes its payments, if another than its
 *                    operator; null means none
 * @param logFormat   the format of the operator's payment log, one of {@link #LOG_FORMATS}; null means the usual
 *                    one for its kind
 */
public record SchemeSpec(String name, SchemeKind kind, Method method, String operator, Funding funding,
                         TopupSource topupFrom, Integer topupYen, List<String> banks, List<String> acceptedAt,
                         Double adoption, Integer rampDays, Double weight, LocalDate launch, LocalDate shutdown,
                         SchemeEvents events, String network, String logFormat) {
    /** The payment log formats a scheme can name (docs/formats.md); the logs package has one reader for each. */
    public static final List<String> LOG_FORMATS = List.of("card-network-csv", "bank-csv-sjis", "iso20022-xml",
            "store-wallet-jsonl", "platform-wallet-jsonl", "payment-event-avro", "emoney-parquet");

    public SchemeSpec {
        banks = Maps.frozen(banks);
        acceptedAt = Maps.frozen(acceptedAt);
        rampDays = rampDays == null ? 0 : rampDays;
        events = events == null ? new SchemeEvents(null, null, null) : events;
    }

    public boolean liveOn(LocalDate day) {
        return (launch == null || !day.isBefore(launch)) && (shutdown == null || !day.isAfter(shutdown));
    }

    /** METI's method classes (FACTS §2). */
    public enum Method {
        @JsonProperty("cash") CASH,
        @JsonProperty("credit") CREDIT,
        @JsonProperty("debit") DEBIT,
        @JsonProperty("emoney") EMONEY,
        @JsonProperty("code") CODE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
