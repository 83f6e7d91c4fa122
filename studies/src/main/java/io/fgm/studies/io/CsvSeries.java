package io.fgm.studies.io;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a series from CSV text, a pure function so that the command line, tests and services share
 * it. Two shapes are accepted:
 *
 * <ul>
 *   <li>one value per line, optionally under a header {@code value};
 *   <li>a header {@code t,value} (also {@code time}, {@code timestamp} or {@code ts} for the first
 *       column) and rows {@code t,value}, with t in epoch milliseconds or as an ISO-8601 instant
 *       ({@code 2026-11-24T10:00:00Z}).
 * </ul>
 *
 * Blank lines are skipped. {@code NaN} (any case) or an empty value means missing. Anything else
 * that is not a number is an error naming the line.
 */
public final class CsvSeries {
    private static final Set<String> TIME_COLUMNS = Set.of("t", "time", "timestamp", "ts");
    private static final Set<String> VALUE_COLUMNS = Set.of("value", "v", "y");

    private CsvSeries() {}

    /** Parses {@code text}; throws {@link CsvParseException} on bad input. */
    public static ParsedSeries parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        double[] values = new double[16];
        long[] times = new long[16];
        int count = 0;
        Boolean timed = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (timed == null) {
                timed = header(fields, lineNo);
                if (timed != null) {
                    continue;
                }
                timed = false;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
                times = Arrays.copyOf(times, 2 * count);
            }
            if (timed) {
                if (fields.length != 2) {
                    throw new CsvParseException(lineNo, "expected 't,value', got '" + line + "'");
                }
                times[count] = time(fields[0].strip(), lineNo);
                if (count > 0 && times[count] <= times[count - 1]) {
                    throw new CsvParseException(lineNo, "time " + fields[0].strip()
                            + " does not come after the previous row's");
                }
                values[count++] = value(fields[1].strip(), lineNo);
            } else {
                if (fields.length != 1) {
                    throw new CsvParseException(lineNo, "expected one value per line (or a header"
                            + " 't,value' first), got '" + line + "'");
                }
                values[count++] = value(fields[0].strip(), lineNo);
            }
        }
        return new ParsedSeries(Arrays.copyOf(values, count),
                Boolean.TRUE.equals(timed) ? Arrays.copyOf(times, count) : null);
    }

    /** TRUE for a t,value header, FALSE for a value header, null when the line is data. */
    private static Boolean header(String[] fields, int lineNo) {
        String first = fields[0].strip().toLowerCase(Locale.ROOT);
        if (fields.length == 1 && VALUE_COLUMNS.contains(first)) {
            return false;
        }
        if (fields.length == 2 && TIME_COLUMNS.contains(first)
                && VALUE_COLUMNS.contains(fields[1].strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (fields.length == 2) {
            throw new CsvParseException(lineNo, "two columns need a header 't,value' first");
        }
        return null;
    }

    private static double value(String field, int lineNo) {
        if (field.isEmpty() || field.equalsIgnoreCase("nan") || field.equalsIgnoreCase("na")) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(field);
            if (Double.isInfinite(v)) {
                throw new CsvParseException(lineNo, "value '" + field + "' is infinite");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CsvParseException(lineNo, "cannot read '" + field + "' as a number");
        }
    }

    private static long time(String field, int lineNo) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(field).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new CsvParseException(lineNo, "cannot read '" + field
                        + "' as epoch milliseconds or an ISO-8601 instant");
            }
        }
    }
}
