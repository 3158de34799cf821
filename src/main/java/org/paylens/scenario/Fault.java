package org.paylens.scenario;

import java.util.Arrays;
import java.util.List;

/**
 * A defect a raw record can carry. The generator writes records with these defects (listing each in
 * truth/faults) and the ingest quarantines each record with the id of its defect as the reason, so the two can be
 * compared exactly.
 */
public enum Fault {
    /** Cut off half-way, as a truncated write leaves a record; it does not parse in its format. */
    MALFORMED("malformed", "the record does not parse in its format (truncated, broken syntax, wrong field count)"),
    /** The amount is left out. */
    MISSING_FIELD("missing_field", "a required field is absent or empty"),
    /** The amount is text such as "720円" where the format has a number. */
    BAD_TYPE("bad_type", "a field holds a value of the wrong type, e.g. text where the format has an integer"),
    /** The time is there but is no time, such as 2019-02-30T25:61. */
    BAD_TIMESTAMP("bad_timestamp", "the time is present but is not a possible time"),
    /** A byte that is invalid in the file's encoding (UTF-8 or Shift_JIS). */
    BAD_ENCODING("bad_encoding", "the record holds bytes that are invalid in the file's encoding"),
    /** A merchant id no merchant in the registry has (here: a digit too many). */
    UNKNOWN_MERCHANT("unknown_merchant", "the merchant id is not in the merchant registry (raw/merchants)"),
    /** A field padded far beyond any real value, as a runaway writer leaves it. */
    OVERSIZED("oversized", "the record is longer than 32,768 characters (a field far beyond any real value)"),
    /** The record is written twice; the first copy is accepted and the second quarantined. */
    DUPLICATE("duplicate", "another record of the same log has the same transaction id; the first is kept");

    private final String id;
    private final String meaning;

    Fault(String id, String meaning) {
        this.id = id;
        this.meaning = meaning;
    }

    /** The id used in scenarios (faults.kinds), truth/faults, quarantine/records and summary.json. */
    public String id() {
        return id;
    }

    /** What a quarantine reason with this id means, for the docs. */
    public String meaning() {
        return meaning;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Fault::id).toList();
    }
}
