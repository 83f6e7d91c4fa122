package io.fgm.launcher.study;

import io.fgm.studies.io.ParsedSeries;
import java.util.Arrays;

/**
 * Puts the samples of one series on a one-second grid, from its first to its last sample: a second
 * without a sample is a gap (NaN), so the studies see missing data as missing, the way a CSV with
 * {@code NaN} rows shows it, instead of silently joining the two sides. Pure.
 */
final class SecondGrid {
    static final long STEP_MS = 1_000;

    private SecondGrid() {}

    /**
     * The grid of samples {@code timesMs[i] → values[i]} (any order; each time is floored to its
     * second). When one second has several samples (a file written twice around a compaction), the
     * later one in input order wins.
     *
     * @throws IllegalArgumentException when there is no sample
     */
    static ParsedSeries of(long[] timesMs, double[] values, int count) {
        if (count == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            long second = Math.floorDiv(timesMs[i], STEP_MS);
            first = Math.min(first, second);
            last = Math.max(last, second);
        }
        long slots = last - first + 1;
        if (slots > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("range too long for one series: " + slots + " s");
        }
        double[] grid = new double[(int) slots];
        Arrays.fill(grid, Double.NaN);
        long[] times = new long[(int) slots];
        for (int i = 0; i < times.length; i++) {
            times[i] = (first + i) * STEP_MS;
        }
        for (int i = 0; i < count; i++) {
            grid[(int) (Math.floorDiv(timesMs[i], STEP_MS) - first)] = values[i];
        }
        return new ParsedSeries(grid, times);
    }
}
