package org.paylens.ingest;

/** Why a raw record was not accepted; the ids are what the quarantine table and summary.json show. */
public enum QuarantineReason {
    /** The record cannot be parsed in its format (truncated, broken syntax). */
    MALFORMED("malformed"),
    /** A required field is absent or empty. */
    MISSING_FIELD("missing_field"),
    /** The timestamp is present but not a valid time. */
    BAD_TIMESTAMP("bad_timestamp");

    private final String id;

    QuarantineReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
