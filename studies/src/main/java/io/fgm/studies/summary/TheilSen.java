package io.fgm.studies.summary;

/**
 * The Theil–Sen slope: the median of the slopes (y<sub>j</sub> − y<sub>i</sub>)/(t<sub>j</sub> −
 * t<sub>i</sub>) over all pairs i &lt; j (t strictly increasing). It ignores up to ~29% of
 * arbitrary outliers.
 *
 * <p>The pairs grow as n², so above {@link #MAX_POINTS} points the slope is taken over that many
 * evenly spaced points (every k-th point, first and last included): still the Theil–Sen estimator,
 * on a systematic subsample, and computed in linear time per pair by quickselect.
 */
final class TheilSen {
    static final int MAX_POINTS = 1_500;

    private TheilSen() {}

    /** Theil–Sen slope of (t, y); 0 with fewer than two points. */
    static double slope(double[] t, double[] y) {
        int n = t.length;
        if (n < 2) {
            return 0;
        }
        int points = Math.min(n, MAX_POINTS);
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
            return select(slopes, m / 2);
        }
        double upper = select(slopes, m / 2);
        // after select, everything left of m/2 is <= upper; the lower middle is their maximum
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m / 2; i++) {
            lower = Math.max(lower, slopes[i]);
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest (0-based) of {@code a}, partially reordering it (Hoare's quickselect). */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        long seed = 0x9E3779B97F4A7C15L;
        while (lo < hi) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int p = lo + (int) Long.remainderUnsigned(seed >>> 1, hi - lo + 1);
            double pivot = a[p];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
