package io.fgm.launcher.study;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code --from} / {@code --to} arguments of {@code fgm study}: {@code now}, a relative
 * time such as {@code -1h}, {@code -90s}, {@code -15m}, {@code -2d} (before now; {@code 1h30m}
 * parts may be combined), an ISO-8601 instant ({@code 2026-11-24T10:00:00Z}), a local date-time
 * or date taken as UTC ({@code 2026-11-24T10:00}, {@code 2026-11-24}), or epoch milliseconds.
 * Pure: "now" is an argument, so tests pin it.
 */
final class TimeArgument {
    private static final Pattern RELATIVE = Pattern.compile("-((?:\\d+[smhd])+)");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

    private TimeArgument() {}

    /** The instant {@code text} names, in epoch ms, with {@code nowMs} as "now". */
    static long parse(String text, long nowMs) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("now")) {
            return nowMs;
        }
        Matcher relative = RELATIVE.matcher(s);
        if (relative.matches()) {
            long ms = 0;
            Matcher part = PART.matcher(relative.group(1));
            while (part.find()) {
                long unit = switch (part.group(2)) {
                    case "s" -> 1_000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    default -> 86_400_000L;
                };
                ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(part.group(1)), unit));
            }
            return nowMs - ms;
        }
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            return Long.parseLong(s);
        }
        String iso = text.strip();
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            // a zone-less time or a date: UTC, as the store's partitions are
        }
        try {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException notLocal) {
            // try a plain date below
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + text + "': use now, -1h/-30m/-90s/-2d,"
                    + " an ISO-8601 time such as 2026-11-24T10:00:00Z, or epoch milliseconds");
        }
    }
}
