package io.fgm.studies.periodicity;

import io.fgm.studies.SeriesInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Periodicity over sliding windows: each window's normalised autocorrelation ({@link Acf}, R's
 * definition) is searched for a peak over lags [minPeriod, maxPeriod]; the dominant period is the
 * one (±1 sample) with the largest total score over the windows; the result says how strong and
 * how large the pattern is and where it holds. Constant windows have no period. Windows with too
 * many missing values are skipped and counted; missing values are never interpolated.
 */
public final class Periodicity {
    private Periodicity() {}

    /** Analyses {@code values} (NaN = missing) without timestamps. */
    public static PeriodicityResult analyse(double[] values, PeriodicityOptions options) {
        return analyse(values, null, options);
    }

    /** Analyses {@code values} (NaN = missing); {@code timestampsMs} may be null. */
    public static PeriodicityResult analyse(
            double[] values, long[] timestampsMs, PeriodicityOptions options) {
        SeriesInput.requireValid(values, timestampsMs);
        int size = options.windowSize();
        int step = options.effectiveStep();
        int minPeriod = options.minPeriod();
        int maxPeriod = options.effectiveMaxPeriod();
        List<WindowPeriod> windows = new ArrayList<>();
        int skipped = 0;
        int maxMissing = (int) Math.floor(options.maxMissingFraction() * size);
        for (int start = 0; start + size <= values.length; start += step) {
            int missing = 0;
            for (int i = start; i < start + size; i++) {
                if (Double.isNaN(values[i])) {
                    missing++;
                }
            }
            if (missing > maxMissing) {
                skipped++;
                continue;
            }
            windows.add(WindowPeriod.analyse(values, start, size, minPeriod, maxPeriod,
                    options.minScore()));
        }
        int dominant = dominantPeriod(windows, minPeriod, maxPeriod);
        if (dominant == 0) {
            return new PeriodicityResult(null, null, 0, 0, List.of(), windows.size(), 0, skipped,
                    size, step, minPeriod, maxPeriod);
        }
        List<Double> scores = new ArrayList<>();
        List<Double> amplitudes = new ArrayList<>();
        List<PatternRange> ranges = new ArrayList<>();
        int rangeStart = -1;
        int rangeEnd = -1;
        int rangeWindows = 0;
        double rangeScore = 0;
        for (WindowPeriod w : windows) {
            if (w.period() == 0 || Math.abs(w.period() - dominant) > 1) {
                continue;
            }
            scores.add(w.score());
            amplitudes.add(w.amplitude());
            if (rangeWindows > 0 && w.start() > rangeEnd) {
                ranges.add(range(rangeStart, rangeEnd, rangeWindows, rangeScore, timestampsMs));
                rangeWindows = 0;
            }
            if (rangeWindows == 0) {
                rangeStart = w.start();
                rangeScore = 0;
            }
            rangeEnd = w.start() + size;
            rangeWindows++;
            rangeScore += w.score();
        }
        ranges.add(range(rangeStart, rangeEnd, rangeWindows, rangeScore, timestampsMs));
        Long periodMs = timestampsMs == null || timestampsMs.length < 2
                ? null : Math.round(dominant * medianInterval(timestampsMs));
        return new PeriodicityResult(dominant, periodMs, median(scores), median(amplitudes), ranges,
                windows.size(), scores.size(), skipped, size, step, minPeriod, maxPeriod);
    }

    /** The period p maximising the summed score of windows whose period is within p ± 1. */
    private static int dominantPeriod(List<WindowPeriod> windows, int minPeriod, int maxPeriod) {
        double[] total = new double[maxPeriod + 2];
        for (WindowPeriod w : windows) {
            if (w.period() > 0) {
                total[w.period()] += w.score();
            }
        }
        int best = 0;
        double bestScore = 0;
        for (int p = minPeriod; p <= maxPeriod; p++) {
            double s = total[p - 1] + total[p] + total[p + 1];
            // the centre's own windows break ties between neighbouring periods
            if (s > bestScore || (s == bestScore && s > 0 && total[p] > total[best])) {
                best = p;
                bestScore = s;
            }
        }
        return best;
    }

    private static PatternRange range(int start, int end, int windows, double score, long[] ts) {
        return new PatternRange(start, end, SeriesInput.timeAt(ts, start),
                SeriesInput.timeAt(ts, end - 1), windows, score / windows);
    }

    private static double median(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    static double medianInterval(long[] ts) {
        long[] d = new long[ts.length - 1];
        for (int i = 1; i < ts.length; i++) {
            d[i - 1] = ts[i] - ts[i - 1];
        }
        Arrays.sort(d);
        int n = d.length;
        return n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2.0;
    }
}
