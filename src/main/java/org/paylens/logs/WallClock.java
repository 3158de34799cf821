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
}
