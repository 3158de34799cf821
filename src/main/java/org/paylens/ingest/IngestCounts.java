package org.paylens.ingest;

import java.util.Map;

/**
 * How many raw records came in and where each went, per scheme. The invariant raw = accepted + quarantined is
 * checked on counts of the tables actually written.
 */
public record IngestCounts(long raw, long accepted, long quarantined, Map<String, SchemeCounts> bySchemes) {

    public record SchemeCounts(long raw, long accepted, long quarantined, Map<String, Long> byReason) {
    }

    public boolean reconciles() {
        return raw == accepted + quarantined
                && bySchemes.values().stream().allMatch(s -> s.raw() == s.accepted() + s.quarantined());
    }
}
