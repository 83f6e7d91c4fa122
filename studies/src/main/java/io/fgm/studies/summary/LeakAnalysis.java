package io.fgm.studies.summary;

/**
 * Scores a sustained rise, as {@link LeakScore} documents. A reset is a step down of at least half
 * the range between consecutive present values; only the values after the last reset are
 * analysed, so a leak that ended in an OOM kill is judged on its current ramp.
 */
final class LeakAnalysis {
    static final double RESET_SHARE = 0.5;
    static final int RESET_WINDOW = 5;
    /** Without a limit, a rise of this share of the level over the analysed span scores 1. */
    static final double LEVEL_SHARE = 0.2;

    private LeakAnalysis() {}

    /**
     * @param t time in seconds of each present value
     * @param y the present values
     * @param indices original index of each present value
     */
    static LeakScore score(double[] t, double[] y, int[] indices, long[] timestampsMs,
            SummaryOptions options) {
        return score(t, y, indices, timestampsMs, options, null);
    }

    /**
     * As {@link #score(double[], double[], int[], long[], SummaryOptions)}, reusing the Theil–Sen
     * slope and Mann–Kendall test of {@code trend} (computed by {@link TrendAnalysis} on the same
     * t and y, or null) when the analysed span is the whole series: the same numbers, computed once.
     */
    static LeakScore score(double[] t, double[] y, int[] indices, long[] timestampsMs,
            SummaryOptions options, TrendResult trend) {
        int n = y.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double drop = RESET_SHARE * (max - min);
        int since = 0;
        int resets = 0;
        for (int i = 1; i < n; i++) {
            if (drop > 0 && y[i] - y[i - 1] <= -drop && levelFalls(y, i, drop)) {
                since = i;
                resets++;
            }
        }
        if (n - since < 3) {
            since = 0;
        }
        double[] ts = since == 0 ? t : java.util.Arrays.copyOfRange(t, since, n);
        double[] ys = since == 0 ? y : java.util.Arrays.copyOfRange(y, since, n);
        double slope;
        double mkS;
        double mkP;
        // TrendAnalysis reports slope 0 and no test below 3 values; only reuse what it computed
        if (since == 0 && n >= 3 && trend != null) {
            slope = trend.slopePerSecond();
            mkS = trend.mannKendallS();
            mkP = trend.pValue();
        } else {
            slope = TheilSen.slope(ts, ys);
            MannKendall mk = MannKendall.test(ys);
            mkS = mk.s();
            mkP = mk.pValue();
        }
        double confidence = slope > 0 && mkS > 0 ? 1 - mkP : 0;
        double last = y[n - 1];
        Double limit = options.limit();
        Double headroom = null;
        Double timeToLimit = null;
        double growth;
        if (limit != null) {
            headroom = limit - last;
            if (headroom <= 0) {
                timeToLimit = 0.0;
                growth = slope > 0 ? 1 : 0;
            } else {
                timeToLimit = slope > 0 ? headroom / slope : null;
                growth = slope * options.leakHorizonSeconds() / headroom;
            }
        } else {
            double span = ts.length > 1 ? ts[ts.length - 1] - ts[0] : 0;
            double level = Math.max(Math.abs(median(ys)), Double.MIN_NORMAL);
            growth = slope * span / (LEVEL_SHARE * level);
        }
        double score = confidence * Math.max(0, Math.min(1, growth));
        int sinceIndex = indices[since];
        return new LeakScore(score, slope, mkP, sinceIndex,
                timestampsMs == null ? null : timestampsMs[sinceIndex], resets, limit, headroom,
                timeToLimit);
    }

    /**
     * Whether the level really falls at i: the median of the next {@link #RESET_WINDOW} values is
     * at least {@code drop} below that of the previous ones, so a single noisy sample is no reset.
     */
    private static boolean levelFalls(double[] y, int i, double drop) {
        int w = Math.min(RESET_WINDOW, Math.min(i, y.length - i));
        double before = median(java.util.Arrays.copyOfRange(y, i - w, i));
        double after = median(java.util.Arrays.copyOfRange(y, i, i + w));
        return after - before <= -drop;
    }

    private static double median(double[] values) {
        double[] a = values.clone();
        java.util.Arrays.sort(a);
        return Percentiles.type7(a, 0.5);
    }
}
