package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** A part of a purchase an observer can see. */
public enum Field {
    @JsonProperty("amount") AMOUNT,
    @JsonProperty("time") TIME,
    @JsonProperty("merchant") MERCHANT,
    @JsonProperty("basket") BASKET;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
