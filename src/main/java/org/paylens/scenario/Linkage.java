package org.paylens.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** When an observation is tied to a persistent identifier of the consumer in the observer's own id space. */
public enum Linkage {
    @JsonProperty("always") ALWAYS,
    @JsonProperty("never") NEVER,
    /** Only when the observer also operates the scheme used (a store group seeing its own wallet's payments). */
    @JsonProperty("own_scheme") OWN_SCHEME,
    /**
     * When the observer knows the consumer by an id of its own in this purchase: it runs the scheme used, holds the
     * funding account, or runs the loyalty programme whose card was scanned.
     */
    @JsonProperty("own_id") OWN_ID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
