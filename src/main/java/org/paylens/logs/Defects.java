package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.paylens.scenario.Fault;

import static org.apache.spark.sql.functions.*;

/**
 * How the writers spoil a record whose {@code fault} column is set, and how the readers recognise it. Kept in one
 * place so that every format writes and reads a kind of defect the same way.
 */
final class Defects {
    /**
     * A defective epoch-millisecond time: the year 10000. Readers take a millisecond count as a time only between
     * {@link #EARLIEST_MILLIS} and {@link #LATEST_MILLIS}.
     */
    static final long BAD_EPOCH_MILLIS = 253_402_300_800_000L;
    /** 2000-01-01T00:00Z */
    private static final long EARLIEST_MILLIS = 946_684_800_000L;
    /** 2100-01-01T00:00Z */
    private static final long LATEST_MILLIS = 4_102_444_800_000L;
    /** An impossible local time, as a defective feed writes it. */
    static final String BAD_LOCAL_TIME = "2019-02-30T25:61:00+09:00";
    /** What a wrongly typed amount looks like: the number with the yen sign a person would write. */
    static final String YEN_SUFFIX = "円";
    /**
     * 0xFF never occurs in UTF-8 or in Shift_JIS text. Casting binary to string keeps the byte as it is, and the text
     * writer writes a string's bytes unchanged, so the file gets the invalid byte itself.
     */
    static final Column INVALID_UTF8_BYTE = unhex(lit("FF")).cast("string");

    /** A record longer than this is quarantined as oversized, whatever it holds; no real record comes close. */
    static final int MAX_RECORD_CHARS = 32_768;
    /** What an oversized record's padded field holds: more than {@link #MAX_RECORD_CHARS} characters. */
    static final Column PADDING = repeat(lit("x"), MAX_RECORD_CHARS + 1_000);

    private Defects() {
    }

    static Column is(Fault fault) {
        return coalesce(col("fault").equalTo(fault.id()), lit(false));
    }

    /** The value, or null when the record is written with a missing field. */
    static Column unlessMissing(Column value) {
        return when(is(Fault.MISSING_FIELD), lit(null)).otherwise(value);
    }

    /** The amount as text: missing, "720円" for a wrong type, else the number. */
    static Column amountText(Column amount) {
        return when(is(Fault.MISSING_FIELD), lit(null).cast("string"))
                .when(is(Fault.BAD_TYPE), concat(amount.cast("string"), lit(YEN_SUFFIX)))
                .otherwise(amount.cast("string"));
    }

    /** Japan time with its +09:00 offset, or an impossible time when the record is written with one. */
    static Column localTimeText(Column ts) {
        Column text = concat(date_format(from_utc_timestamp(ts, "Asia/Tokyo"), "yyyy-MM-dd'T'HH:mm:ss"), lit("+09:00"));
        return when(is(Fault.BAD_TIMESTAMP), lit(BAD_LOCAL_TIME)).otherwise(text);
    }

    private static final long JST_OFFSET_SECONDS = 9 * 3600;

    /** {@link #localTimeText} for writers in plain Java, from epoch seconds and the record's fault id (or null). */
    static String localTime(long epochSeconds, String fault) {
        if (Fault.BAD_TIMESTAMP.id().equals(fault)) {
            return BAD_LOCAL_TIME;
        }
        java.time.LocalDateTime local = java.time.LocalDateTime.ofEpochSecond(epochSeconds + JST_OFFSET_SECONDS, 0, java.time.ZoneOffset.UTC);
        char[] text = "0000-00-00T00:00:00+09:00".toCharArray();
        digits(text, 0, local.getYear(), 4);
        digits(text, 5, local.getMonthValue(), 2);
        digits(text, 8, local.getDayOfMonth(), 2);
        digits(text, 11, local.getHour(), 2);
        digits(text, 14, local.getMinute(), 2);
        digits(text, 17, local.getSecond(), 2);
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The instant as epoch milliseconds, or {@link #BAD_EPOCH_MILLIS} when the record is written with a bad time. */
    static Column epochMillis(Column ts) {
        return when(is(Fault.BAD_TIMESTAMP), lit(BAD_EPOCH_MILLIS)).otherwise(unix_millis(ts));
    }

    /** A millisecond count read back as a time, or null when it is not a plausible one. */
    static Column timeOfEpochMillis(Column millis) {
        return when(millis.between(lit(EARLIEST_MILLIS), lit(LATEST_MILLIS)), timestamp_millis(millis));
    }

    /** The line cut in half, as a truncated write leaves it. */
    static Column truncated(Column line) {
        return substring(line, lit(1), length(line).divide(2).cast("int"));
    }

    /** The line with {@code invalid} put in its middle. */
    static Column spoiled(Column line, Column invalid) {
        Column half = length(line).divide(2).cast("int");
        return concat(substring(line, lit(1), half), invalid, substring(line, half.plus(1), length(line)));
    }

    /**
     * A reader's verdict on a parsed record: the first defect found, or null. The record's text is checked first,
     * since a byte the encoding does not allow, or a field of megabytes, can make the rest unreadable.
     *
     * @param raw        the record's text as read
     * @param malformed  true when the record does not parse
     * @param amountText the amount as written (null when absent)
     * @param amount     the amount as an integer (null when absent or not an integer)
     * @param timeText   the time as written
     * @param time       the time parsed (null when absent or impossible)
     */
    static Column readError(Column raw, Column malformed, Column amountText, Column amount, Column timeText, Column time) {
        Column badBytes = raw.isNotNull().and(not(is_valid_utf8(raw)).or(raw.contains("\uFFFD")));
        return when(badBytes, lit(Fault.BAD_ENCODING.id()))
                .when(length(raw).gt(MAX_RECORD_CHARS), lit(Fault.OVERSIZED.id()))
                .when(malformed, lit(Fault.MALFORMED.id()))
                .when(amountText.isNotNull().and(amount.isNull()), lit(Fault.BAD_TYPE.id()))
                .when(timeText.isNotNull().and(time.isNull()), lit(Fault.BAD_TIMESTAMP.id()));
    }
}
