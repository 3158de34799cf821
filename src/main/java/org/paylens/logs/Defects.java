package org.paylens.logs;

import org.apache.spark.sql.Column;
import org.paylens.scenario.Fault;

import static org.apache.spark.sql.functions.*;

/**
 * How the writers spoil a record whose fault is set, and how the readers recognise it. Kept in one
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

    /** A record longer than this is quarantined as oversized, whatever it holds; no real record comes close. */
    static final int MAX_RECORD_CHARS = 32_768;
    /** What an oversized record's padded field holds: more than {@link #MAX_RECORD_CHARS} characters. */
    static final String PADDING = "x".repeat(MAX_RECORD_CHARS + 1_000);

    /** The text's UTF-8 bytes with 0xFF, which UTF-8 (and Shift_JIS) never has, in the middle: bad_encoding. */
    static byte[] spoiledUtf8(String text) {
        return spoiled(text.substring(0, half(text)).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                text.substring(half(text)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** head, 0xFF, tail. */
    static byte[] spoiled(byte[] head, byte[] tail) {
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 1 + tail.length);
        bytes[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, bytes, head.length + 1, tail.length);
        return bytes;
    }

    /** Where a text is cut in half (malformed) or spoiled (bad_encoding): after half its characters. */
    static int half(String text) {
        return text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
    }

    private Defects() {
    }

    static Column is(Fault fault) {
        return coalesce(col("fault").equalTo(fault.id()), lit(false));
    }

    /** The value, or null when the record is written with a missing field. */
    /** The amount as text: missing, "720円" for a wrong type, else the number. */
    /** Japan time with its +09:00 offset, or an impossible time when the record is written with one. */
    private static final WallClock LOCAL_TIME = WallClock.of("yyyy-MM-dd'T'HH:mm:ss+09:00", WallClock.JAPAN);

    /** {@link #localTimeText} for writers in plain Java, from epoch seconds and the record's fault id (or null). */
    static String localTime(long epochSeconds, String fault) {
        return Fault.BAD_TIMESTAMP.id().equals(fault) ? BAD_LOCAL_TIME : LOCAL_TIME.format(epochSeconds);
    }

    /** {@link #amountText} for writers in plain Java: null when missing, "720円" for a wrong type, else the number. */
    static String amount(long amountYen, String fault) {
        if (Fault.MISSING_FIELD.id().equals(fault)) {
            return null;
        }
        return Fault.BAD_TYPE.id().equals(fault) ? amountYen + YEN_SUFFIX : Long.toString(amountYen);
    }

    /** Epoch milliseconds, or {@link #BAD_EPOCH_MILLIS} for a record written with a bad time. */
    static long epochMillis(long epochSeconds, String fault) {
        return Fault.BAD_TIMESTAMP.id().equals(fault) ? BAD_EPOCH_MILLIS : epochSeconds * 1000;
    }

    /** The instant as epoch milliseconds, or {@link #BAD_EPOCH_MILLIS} when the record is written with a bad time. */
    /** A millisecond count read back as a time, or null when it is not a plausible one. */
    static Column timeOfEpochMillis(Column millis) {
        return when(millis.between(lit(EARLIEST_MILLIS), lit(LATEST_MILLIS)), timestamp_millis(millis));
    }

    /**
     * A reader's verdict on a record read in plain Java: the first defect found, or null, in the order of
     * {@link #readError(Column, Column, Column, Column, Column, Column)}: the text first, since a byte the encoding
     * does not allow, or a field of megabytes, can make the rest unreadable.
     *
     * @param badBytes   true when the record's bytes are not valid text (or hold U+FFFD)
     * @param text       the record's text (for a record without text of its own, its fields as JSON)
     * @param malformed  true when the record does not parse
     * @param amountText the amount as written (null when absent or not written as text)
     * @param amount     the amount as an integer (null when absent or not an integer)
     * @param timeText   the time as written (null when absent)
     * @param time       the time parsed (null when absent or impossible)
     */
    static String readError(boolean badBytes, String text, boolean malformed, String amountText, Long amount,
                            Object timeText, Long time) {
        if (badBytes) {
            return Fault.BAD_ENCODING.id();
        }
        if (text.length() > MAX_RECORD_CHARS && text.codePointCount(0, text.length()) > MAX_RECORD_CHARS) {
            return Fault.OVERSIZED.id();
        }
        if (malformed) {
            return Fault.MALFORMED.id();
        }
        if (amountText != null && amount == null) {
            return Fault.BAD_TYPE.id();
        }
        if (timeText != null && time == null) {
            return Fault.BAD_TIMESTAMP.id();
        }
        return null;
    }

    /**
     * Text as a whole number, as Spark's {@code try_cast(… as bigint)} reads it: surrounding white space and a sign
     * allowed, a fractional part dropped; null when it is not one (such as "720円") or does not fit.
     */
    static Long integer(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        int i = 0;
        boolean negative = false;
        if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        int digitsEnd = i;
        while (digitsEnd < t.length() && t.charAt(digitsEnd) >= '0' && t.charAt(digitsEnd) <= '9') {
            digitsEnd++;
        }
        if (digitsEnd == i) {
            return null;
        }
        if (digitsEnd < t.length()) {
            if (t.charAt(digitsEnd) != '.') {
                return null;
            }
            for (int j = digitsEnd + 1; j < t.length(); j++) {
                if (t.charAt(j) < '0' || t.charAt(j) > '9') {
                    return null;
                }
            }
        }
        try {
            long magnitude = Long.parseLong(t.substring(i, digitsEnd));
            return negative ? -magnitude : magnitude;
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    /** A millisecond count as a time in microseconds, or null when it is not a plausible one (see {@link #BAD_EPOCH_MILLIS}). */
    static Long microsOfEpochMillis(Long millis) {
        return millis == null || millis < EARLIEST_MILLIS || millis > LATEST_MILLIS ? null : millis * 1000;
    }

    /** The line cut in half, as a truncated write leaves it. */
    /** The line with {@code invalid} put in its middle. */
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
