package org.paylens.logs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A time as one log writes it, for the writers in plain Java: a pattern of the letters y, M, d, H, m and s (quoted
 * text and other characters as they are, as in Spark's datetime patterns) at a fixed offset from UTC. Japan has had
 * one offset, +09:00, since 1951. Formats by filling digits into the pattern's characters, which is what a log of
 * millions of records needs.
 */
final class WallClock {
    static final int JAPAN = 9 * 3600;
    static final int UTC = 0;

    private final char[] template;
    private final int offsetSeconds;
    /** Per position of the template: the letter whose digit goes there, or 0. */
    private final char[] fields;

    private WallClock(char[] template, char[] fields, int offsetSeconds) {
        this.template = template;
        this.fields = fields;
        this.offsetSeconds = offsetSeconds;
    }

    static WallClock of(String pattern, int offsetSeconds) {
        StringBuilder text = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && "yMdHms".indexOf(c) >= 0) {
                text.append('0');
                fields.append(c);
            } else {
                text.append(c);
                fields.append((char) 0);
            }
        }
        return new WallClock(text.toString().toCharArray(), fields.toString().toCharArray(), offsetSeconds);
    }

    String format(long epochSeconds) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds + offsetSeconds, 0, ZoneOffset.UTC);
        char[] text = template.clone();
        // Right to left, so that each field's digits come off its value's least significant end.
        int year = t.getYear(), month = t.getMonthValue(), day = t.getDayOfMonth();
        int hour = t.getHour(), minute = t.getMinute(), second = t.getSecond();
        for (int i = text.length - 1; i >= 0; i--) {
            switch (fields[i]) {
                case 'y' -> { text[i] = (char) ('0' + year % 10); year /= 10; }
                case 'M' -> { text[i] = (char) ('0' + month % 10); month /= 10; }
                case 'd' -> { text[i] = (char) ('0' + day % 10); day /= 10; }
                case 'H' -> { text[i] = (char) ('0' + hour % 10); hour /= 10; }
                case 'm' -> { text[i] = (char) ('0' + minute % 10); minute /= 10; }
                case 's' -> { text[i] = (char) ('0' + second % 10); second /= 10; }
                default -> { }
            }
        }
        return new String(text);
    }

    /**
     * Reads text this clock writes back as microseconds since the epoch, strictly, as Spark's
     * {@code try_to_timestamp} with the same pattern does: every character where the pattern has one, digits for
     * the letters, and a date and time that exist. Null otherwise (such as 2019-02-30T25:61).
     */
    Long parseMicros(String text) {
        return text == null || text.length() != template.length ? null : parse(text, 0, offsetSeconds);
    }

    /**
     * Reads {@code yyyy-MM-dd'T'HH:mm:ssXXX} text (an ISO 8601 local time with its offset: Z or ±HH:MM) as
     * microseconds since the epoch; null when it is not one.
     */
    static Long parseOffsetMicros(String text) {
        if (text == null || text.length() < ISO_LOCAL.template.length + 1) {
            return null;
        }
        int at = ISO_LOCAL.template.length;
        int offset;
        if (text.length() == at + 1 && text.charAt(at) == 'Z') {
            offset = 0;
        } else if (text.length() == at + 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':'
                && digits(text, at + 1, 2) && digits(text, at + 4, 2)) {
            int hours = Integer.parseInt(text, at + 1, at + 3, 10);
            int minutes = Integer.parseInt(text, at + 4, at + 6, 10);
            if (hours > 18 || minutes > 59) {
                return null;
            }
            offset = (text.charAt(at) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        return ISO_LOCAL.parse(text, 0, offset);
    }

    private static final WallClock ISO_LOCAL = of("yyyy-MM-dd'T'HH:mm:ss", UTC);

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private Long parse(String text, int from, int offset) {
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
        for (int i = 0; i < template.length; i++) {
            char c = text.charAt(from + i);
            if (fields[i] == 0) {
                if (c != template[i]) {
                    return null;
                }
                continue;
            }
            if (c < '0' || c > '9') {
                return null;
            }
            int digit = c - '0';
            switch (fields[i]) {
                case 'y' -> year = year * 10 + digit;
                case 'M' -> month = month * 10 + digit;
                case 'd' -> day = day * 10 + digit;
                case 'H' -> hour = hour * 10 + digit;
                case 'm' -> minute = minute * 10 + digit;
                default -> second = second * 10 + digit;
            }
        }
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochSeconds = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) - offset;
        return epochSeconds * 1_000_000L;
    }
}
