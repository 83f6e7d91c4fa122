package io.fgm.studies.summary;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The Mann–Kendall trend test in O(n log n): S = Σ<sub>i&lt;j</sub> sign(y<sub>j</sub> −
 * y<sub>i</sub>) from a merge-sort inversion count, Var(S) = [n(n−1)(2n+5) − Σ g(g−1)(2g+5)]/18
 * over groups of g tied values, Z = (S − sign S)/√Var(S), two-sided p = 2(1 − Φ(|Z|)).
 *
 * <p>The test assumes independent samples; monitoring series are autocorrelated, which makes the
 * p-value optimistic. Read it as a strength of evidence, not a calibrated probability.
 *
 * @param s the statistic S
 * @param z the normal score
 * @param pValue the two-sided p-value (1 with fewer than 3 values)
 */
record MannKendall(double s, double z, double pValue) {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    static MannKendall test(double[] y) {
        int n = y.length;
        if (n < 3) {
            return new MannKendall(0, 0, 1);
        }
        double[] work = y.clone();
        long discordant = countInversions(work, new double[n], 0, n);
        // work is now sorted: count tie groups
        long tiedPairs = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && work[j] == work[i]) {
                j++;
            }
            long g = j - i;
            tiedPairs += g * (g - 1) / 2;
            tieTerm += (double) g * (g - 1) * (2 * g + 5);
            i = j;
        }
        long pairs = (long) n * (n - 1) / 2;
        long concordant = pairs - discordant - tiedPairs;
        double s = concordant - discordant;
        double variance = ((double) n * (n - 1) * (2.0 * n + 5) - tieTerm) / 18;
        if (!(variance > 0)) {
            return new MannKendall(s, 0, 1);
        }
        double z = (s - Math.signum(s)) / Math.sqrt(variance);
        double p = 2 * NORMAL.cumulativeProbability(-Math.abs(z));
        return new MannKendall(s, z, Math.min(1, p));
    }

    /** Sorts a[from, to) and returns the number of pairs i &lt; j with a[i] &gt; a[j]. */
    private static long countInversions(double[] a, double[] tmp, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        if (to - from <= 16) {
            long count = 0;
            for (int i = from + 1; i < to; i++) {
                double v = a[i];
                int j = i - 1;
                while (j >= from && a[j] > v) {
                    a[j + 1] = a[j];
                    j--;
                    count++;
                }
                a[j + 1] = v;
            }
            return count;
        }
        int mid = (from + to) >>> 1;
        long count = countInversions(a, tmp, from, mid) + countInversions(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int w = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                count += mid - i;
                tmp[w++] = a[j++];
            } else {
                tmp[w++] = a[i++];
            }
        }
        while (i < mid) {
            tmp[w++] = a[i++];
        }
        while (j < to) {
            tmp[w++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
        return count;
    }
}
