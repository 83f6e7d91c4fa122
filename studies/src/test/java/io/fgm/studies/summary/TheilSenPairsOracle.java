package io.fgm.studies.summary;

/**
 * The Theil–Sen slope as it was computed before randomized slope selection, kept as the test
 * oracle: subsample to {@link TheilSen#MAX_POINTS} evenly spaced points, list all p(p−1)/2 pair
 * slopes and quickselect the median.
 */
final class TheilSenPairsOracle {
    private TheilSenPairsOracle() {}

    static double slope(double[] t, double[] y) {
        int n = t.length;
        if (n < 2) {
            return 0;
        }
        int points = Math.min(n, TheilSen.MAX_POINTS);
        int[] pick = new int[points];
        for (int i = 0; i < points; i++) {
            pick[i] = points == n ? i : (int) Math.round((double) i * (n - 1) / (points - 1));
        }
        double[] slopes = new double[points * (points - 1) / 2];
        int w = 0;
        for (int a = 0; a < points; a++) {
            for (int b = a + 1; b < points; b++) {
                int i = pick[a];
                int j = pick[b];
                slopes[w++] = (y[j] - y[i]) / (t[j] - t[i]);
            }
        }
        int m = slopes.length;
        if (m % 2 == 1) {
            return TheilSen.select(slopes, m / 2);
        }
        double upper = TheilSen.select(slopes, m / 2);
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m / 2; i++) {
            lower = Math.max(lower, slopes[i]);
        }
        return (lower + upper) / 2;
    }
}
