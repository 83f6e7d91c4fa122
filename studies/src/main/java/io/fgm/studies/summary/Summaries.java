package io.fgm.studies.summary;

import io.fgm.studies.SeriesInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Summary of a series: statistics, gaps, trend ({@link TrendAnalysis}) and leak score
 * ({@link LeakAnalysis}). Missing values (NaN) and holes in the timestamps are reported as
 * {@link Gap}s and left out of every statistic; nothing is interpolated.
 *
 * <p>Time, for slopes, is in seconds: from the timestamps when given, otherwise index ×
 * sampleIntervalMs (1 s by default).
 */
public final class Summaries {
    private Summaries() {}

    /** Summarises {@code values} (NaN = missing) without timestamps. */
    public static SeriesSummary summarize(double[] values, SummaryOptions options) {
        return summarize(values, null, options);
    }

    /** Summarises {@code values} (NaN = missing); {@code timestampsMs} may be null. */
    public static SeriesSummary summarize(
            double[] values, long[] timestampsMs, SummaryOptions options) {
        SeriesInput.requireValid(values, timestampsMs);
        int[] present = SeriesInput.presentIndices(values);
        int n = present.length;
        double interval = samplingIntervalMs(timestampsMs, options);
        List<Gap> gaps = gaps(values, timestampsMs, interval);
        long missingSamples = gaps.stream().mapToLong(Gap::missingSamples).sum();
        int missingValues = values.length - n;
        if (n == 0) {
            return new SeriesSummary(0, missingValues, missingSamples, null, null, null, null,
                    null, null, null, null, null, gaps, null, null);
        }
        double[] y = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            int index = present[i];
            y[i] = values[index];
            t[i] = timestampsMs == null
                    ? index * interval / 1000.0 : (timestampsMs[index] - timestampsMs[0]) / 1000.0;
        }
        double mean = mean(y);
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double stddev = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        double p5 = Percentiles.type7(sorted, 0.05);
        double p50 = Percentiles.type7(sorted, 0.50);
        double p95 = Percentiles.type7(sorted, 0.95);
        double p99 = Percentiles.type7(sorted, 0.99);
        TrendResult trend = TrendAnalysis.classify(t, y, p5, p50, p95, options.alpha());
        LeakScore leak = LeakAnalysis.score(t, y, present, timestampsMs, options, trend);
        int lastIndex = present[n - 1];
        return new SeriesSummary(n, missingValues, missingSamples, mean, sorted[0], sorted[n - 1],
                stddev, p50, p95, p99, y[n - 1], SeriesInput.timeAt(timestampsMs, lastIndex), gaps,
                trend, leak);
    }

    /** The configured interval, else the median interval of the timestamps, else 1,000 ms. */
    static double samplingIntervalMs(long[] timestampsMs, SummaryOptions options) {
        if (options.sampleIntervalMs() > 0) {
            return options.sampleIntervalMs();
        }
        if (timestampsMs == null || timestampsMs.length < 2) {
            return 1000;
        }
        long[] d = new long[timestampsMs.length - 1];
        for (int i = 1; i < timestampsMs.length; i++) {
            d[i - 1] = timestampsMs[i] - timestampsMs[i - 1];
        }
        Arrays.sort(d);
        int m = d.length;
        return m % 2 == 1 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2.0;
    }

    /** NaN runs and timestamp holes (more than 1.5 intervals between consecutive samples). */
    static List<Gap> gaps(double[] values, long[] timestampsMs, double intervalMs) {
        List<Gap> gaps = new ArrayList<>();
        int i = 0;
        while (i < values.length) {
            if (timestampsMs != null && i > 0) {
                long dt = timestampsMs[i] - timestampsMs[i - 1];
                if (dt > 1.5 * intervalMs) {
                    long missing = Math.round(dt / intervalMs) - 1;
                    gaps.add(new Gap(GapKind.MISSING_TIME, i, i, timestampsMs[i - 1],
                            timestampsMs[i], Math.max(missing, 1)));
                }
            }
            if (!Double.isNaN(values[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j < values.length && Double.isNaN(values[j])) {
                j++;
            }
            gaps.add(new Gap(GapKind.MISSING_VALUES, i, j, SeriesInput.timeAt(timestampsMs, i),
                    SeriesInput.timeAt(timestampsMs, j - 1), j - i));
            // time holes inside a NaN run are part of the same stretch; look again after it
            i = j;
        }
        return gaps;
    }

    private static double mean(double[] y) {
        double sum = 0;
        double c = 0;
        for (double v : y) {
            double a = v - c;
            double s = sum + a;
            c = (s - sum) - a;
            sum = s;
        }
        return sum / y.length;
    }
}
