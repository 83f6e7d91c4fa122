package io.fgm.studies.summary;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The Theil–Sen slope: the median of the slopes (y<sub>j</sub> − y<sub>i</sub>)/(t<sub>j</sub> −
 * t<sub>i</sub>) over all pairs i &lt; j (t strictly increasing). It ignores up to ~29% of
 * arbitrary outliers.
 *
 * <p>Above {@link #MAX_POINTS} points the slope is taken over that many evenly spaced points (every
 * k-th point, first and last included): still the Theil–Sen estimator, on a systematic subsample.
 *
 * <p>The m = p(p−1)/2 pair slopes of the p points are not all built. Randomized slope selection
 * (after Matoušek 1991; Dillencourt, Mount &amp; Netanyahu 1992) finds the same order statistics in
 * O(p log p + m/√r) expected time:
 *
 * <ol>
 *   <li>r random pairs give an interval [s0, s3] of slopes that holds the median rank with high
 *       probability;
 *   <li>the pairs with slope below s (i &lt; j with y<sub>i</sub> − s·t<sub>i</sub> &gt;
 *       y<sub>j</sub> − s·t<sub>j</sub>) are counted as inversions by a merge sort, at s0;
 *   <li>the pairs whose order differs between the orders of y − s0·t and y − s3·t are exactly those
 *       with slope in [s0, s3); a second merge sort lists them, their slopes are computed with the
 *       same expression as the definition, and the wanted ranks are selected among them.
 * </ol>
 *
 * <p>When both middle slopes are exactly 0 (many equal values) that is decided first, exactly, by
 * counting at s = 0 where the keys are y itself.
 *
 * <p>Exactly the same doubles as the median of all computed pair slopes: y − s·t is evaluated in
 * floating point (on y and t centred on their midranges), so the side of s on which a pair falls is
 * only known up to a margin δ(s) = 64u(max|y − c<sub>y</sub>| + |s|·max|t − c<sub>t</sub>|)/min Δt
 * + 64u|s| (u = 2<sup>−53</sup>), which bounds the rounding of the centring, of the keys and of the
 * computed slope by a wide factor. The selected values are accepted only when they
 * lie more than δ inside [s0, s3], so every pair counted below (above) the interval has a computed
 * slope below (above) them; otherwise (or with a non-finite input, a non-increasing t, a
 * floating-point inconsistency or too many pairs in the interval) the interval is widened once and
 * then the slope falls back to listing all pairs, as before.
 */
final class TheilSen {
    static final int MAX_POINTS = 1_500;
    /** Below this many pairs, listing them all is as fast. */
    static final long ALL_PAIRS_BELOW = 4_096;
    private static final double U = 0x1p-53;
    private static final long SEED = 0x5DEECE66DL;

    private TheilSen() {}

    /** Theil–Sen slope of (t, y); 0 with fewer than two points. */
    static double slope(double[] t, double[] y) {
        int n = t.length;
        if (n < 2) {
            return 0;
        }
        int points = Math.min(n, MAX_POINTS);
        double[] ts;
        double[] ys;
        if (points == n) {
            ts = t;
            ys = y;
        } else {
            ts = new double[points];
            ys = new double[points];
            for (int i = 0; i < points; i++) {
                int k = (int) Math.round((double) i * (n - 1) / (points - 1));
                ts[i] = t[k];
                ys[i] = y[k];
            }
        }
        long m = (long) points * (points - 1) / 2;
        if (m >= ALL_PAIRS_BELOW) {
            double[] fast = bySelection(ts, ys);
            if (fast != null) {
                return m % 2 == 1 ? fast[1] : (fast[0] + fast[1]) / 2;
            }
        }
        return allPairs(ts, ys);
    }

    /** The median of all pair slopes, listed (O(p²) memory). */
    static double allPairs(double[] t, double[] y) {
        int points = t.length;
        double[] slopes = new double[points * (points - 1) / 2];
        int w = 0;
        for (int i = 0; i < points; i++) {
            for (int j = i + 1; j < points; j++) {
                slopes[w++] = (y[j] - y[i]) / (t[j] - t[i]);
            }
        }
        return median(slopes, slopes.length);
    }

    /** Median of a[0, m), as the mean of the two middle values when m is even. */
    private static double median(double[] a, int m) {
        double[] b = m == a.length ? a : Arrays.copyOf(a, m);
        if (m % 2 == 1) {
            return select(b, m / 2);
        }
        double upper = select(b, m / 2);
        // after select, everything left of m/2 is <= upper; the lower middle is their maximum
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m / 2; i++) {
            lower = Math.max(lower, b[i]);
        }
        return (lower + upper) / 2;
    }

    /**
     * The order statistics (m−1)/2 and m/2 (0-based) of the m pair slopes, or null when the
     * selection cannot certify them (the caller then lists all pairs).
     */
    static double[] bySelection(double[] t, double[] y) {
        int n = t.length;
        double maxAbsT = 0;
        double minDt = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(t[i]) || !Double.isFinite(y[i])) {
                return null;
            }
            maxAbsT = Math.max(maxAbsT, Math.abs(t[i]));
            if (i > 0) {
                minDt = Math.min(minDt, t[i] - t[i - 1]);
            }
        }
        if (!(minDt > 0)) {
            return null;
        }
        // the keys y − s·t are computed on values centred on their midranges, so an offset (memory
        // at 2.5e9 bytes, epoch seconds) does not widen the rounding margin; centring does not
        // change a pair's side of s, and the slopes themselves are computed from t and y
        double cy = midrange(y);
        double ct = midrange(t);
        double[] yc = new double[n];
        double[] tc = new double[n];
        double maxAbsYc = 0;
        double maxAbsTc = 0;
        for (int i = 0; i < n; i++) {
            yc[i] = y[i] - cy;
            tc[i] = t[i] - ct;
            maxAbsYc = Math.max(maxAbsYc, Math.abs(yc[i]));
            maxAbsTc = Math.max(maxAbsTc, Math.abs(tc[i]));
        }
        // the computed consecutive difference may be rounded up by a relative u
        minDt *= 1 - 4 * U;
        long m = (long) n * (n - 1) / 2;
        long kLo = (m - 1) / 2;
        long kHi = m / 2;
        if (medianIsZero(t, y, maxAbsT, kLo, kHi)) {
            return new double[] {0.0, 0.0};
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int r = (int) Math.min(m, Math.max(1_000L, 8L * n));
        double[] sample = new double[r];
        for (int s = 0; s < r; s++) {
            int i = random.nextInt(n);
            int j = random.nextInt(n - 1);
            if (j >= i) {
                j++;
            } else {
                int tmp = i;
                i = j;
                j = tmp;
            }
            sample[s] = (y[j] - y[i]) / (t[j] - t[i]);
        }
        Arrays.sort(sample);
        for (double spread : new double[] {3, 8}) {
            double w = spread * Math.sqrt(r);
            int a = (int) Math.max(0, Math.floor((double) kLo / m * r - w));
            int b = (int) Math.min(r - 1, Math.ceil((double) kHi / m * r + w));
            double s0 = sample[a];
            double s3 = sample[b];
            double d0 = margin(s0, maxAbsYc, maxAbsTc, minDt);
            double d3 = margin(s3, maxAbsYc, maxAbsTc, minDt);
            s0 -= 2 * d0;
            s3 += 2 * d3;
            d0 = margin(s0, maxAbsYc, maxAbsTc, minDt);
            d3 = margin(s3, maxAbsYc, maxAbsTc, minDt);
            if (!Double.isFinite(s0 + s3 + d0 + d3)) {
                return null;
            }
            double[] result = selectBetween(tc, yc, t, y, s0, s3, d0, d3, kLo, kHi, m);
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    /**
     * Whether both middle slopes are 0, decided exactly: at s = 0 the keys are y itself, so the
     * pairs below are those with y<sub>i</sub> &gt; y<sub>j</sub> (computed slope &lt; 0) and the
     * tied y give a computed slope of exactly +0. Series with many equal values (idle CPU, integer
     * counts) put most pairs at 0, too many to list. Only when no quotient can underflow to −0.
     */
    private static boolean medianIsZero(double[] t, double[] y, double maxAbsT, long kLo,
            long kHi) {
        if (!(maxAbsT < 0x1p50)) {
            return false;
        }
        int n = y.length;
        for (double v : y) {
            if (v != 0 && Math.abs(v) < 0x1p-900) {
                return false;
            }
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long below = sortCounting(order, new int[n], 0, n, y);
        if (below > kLo) {
            return false;
        }
        long tied = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && y[order[j]] == y[order[i]]) {
                j++;
            }
            tied += (long) (j - i) * (j - i - 1) / 2;
            i = j;
        }
        return below + tied > kHi;
    }

    private static double midrange(double[] a) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min / 2 + max / 2;
    }

    /** Bound on how far rounding can move a pair's side of s, in slope units (see the class doc). */
    private static double margin(double s, double maxAbsY, double maxAbsT, double minDt) {
        return 64 * U * ((maxAbsY + Math.abs(s) * maxAbsT) / minDt + Math.abs(s))
                + Double.MIN_NORMAL;
    }

    private static double[] selectBetween(double[] tc, double[] yc, double[] t, double[] y,
            double s0, double s3, double d0, double d3, long kLo, long kHi, long m) {
        int n = t.length;
        double[] key0 = new double[n];
        double[] key3 = new double[n];
        for (int i = 0; i < n; i++) {
            key0[i] = yc[i] - s0 * tc[i];
            key3[i] = yc[i] - s3 * tc[i];
        }
        // order of y − s0·t (ties by index) and the number of pairs inverted in it (slope < s0)
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long below = sortCounting(order, new int[n], 0, n, key0);
        if (below > kLo) {
            return null;
        }
        long cap = Math.min(m / 2, Math.max(64L * n, m / 16));
        Pairs between = new Pairs(t, y, (int) Math.min(cap, 1 << 16), cap);
        if (!listInversions(order, new int[n], 0, n, key3, between) || below + between.size <= kHi) {
            return null;
        }
        double[] e = between.slopes;
        int size = between.size;
        long rankHi = kHi - below;
        double upper = select(e, size, (int) rankHi);
        double lower = upper;
        if (kLo != kHi) {
            lower = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rankHi; i++) {
                lower = Math.max(lower, e[i]);
            }
        }
        // certify: every pair counted below s0 has a computed slope <= s0 + d0, every pair above
        // s3 one >= s3 − d3
        if (!(lower > s0 + d0) || !(upper < s3 - d3)) {
            return null;
        }
        return new double[] {lower, upper};
    }

    /** Stable merge sort of order[from, to) by (key, index); returns its inversions. */
    private static long sortCounting(int[] order, int[] tmp, int from, int to, double[] key) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long count = sortCounting(order, tmp, from, mid, key)
                + sortCounting(order, tmp, mid, to, key);
        int i = from;
        int j = mid;
        int w = from;
        while (i < mid && j < to) {
            if (before(order[j], order[i], key)) {
                count += mid - i;
                tmp[w++] = order[j++];
            } else {
                tmp[w++] = order[i++];
            }
        }
        while (i < mid) {
            tmp[w++] = order[i++];
        }
        while (j < to) {
            tmp[w++] = order[j++];
        }
        System.arraycopy(tmp, from, order, from, to - from);
        return count;
    }

    /** Whether point p comes before point q in the order of (key, index). */
    private static boolean before(int p, int q, double[] key) {
        return key[p] < key[q] || (key[p] == key[q] && p < q);
    }

    /**
     * Merge sorts order[from, to) by (key, index) and adds the slope of every pair it inverts;
     * false when a pair is inverted the wrong way (rounding disagreement) or there are too many.
     */
    private static boolean listInversions(int[] order, int[] tmp, int from, int to, double[] key,
            Pairs out) {
        if (to - from < 2) {
            return true;
        }
        int mid = (from + to) >>> 1;
        if (!listInversions(order, tmp, from, mid, key, out)
                || !listInversions(order, tmp, mid, to, key, out)) {
            return false;
        }
        int i = from;
        int j = mid;
        int w = from;
        while (i < mid && j < to) {
            int q = order[j];
            if (before(q, order[i], key)) {
                for (int k = i; k < mid; k++) {
                    // p was before q at s0 and is after it at s3: slope in [s0, s3) when p < q
                    if (!out.add(order[k], q)) {
                        return false;
                    }
                }
                tmp[w++] = q;
                j++;
            } else {
                tmp[w++] = order[i++];
            }
        }
        while (i < mid) {
            tmp[w++] = order[i++];
        }
        while (j < to) {
            tmp[w++] = order[j++];
        }
        System.arraycopy(tmp, from, order, from, to - from);
        return true;
    }

    /** The slopes of the pairs listed between the bounds. */
    private static final class Pairs {
        final double[] t;
        final double[] y;
        final long cap;
        double[] slopes;
        int size;

        Pairs(double[] t, double[] y, int initial, long cap) {
            this.t = t;
            this.y = y;
            this.cap = cap;
            this.slopes = new double[Math.max(16, initial)];
        }

        boolean add(int i, int j) {
            if (i > j || size >= cap) {
                return false;
            }
            if (size == slopes.length) {
                slopes = Arrays.copyOf(slopes, (int) Math.min(cap, 2L * size));
            }
            slopes[size++] = (y[j] - y[i]) / (t[j] - t[i]);
            return true;
        }
    }

    /** The k-th smallest (0-based) of {@code a}, partially reordering it (Hoare's quickselect). */
    static double select(double[] a, int k) {
        return select(a, a.length, k);
    }

    /** The k-th smallest (0-based) of a[0, length), partially reordering it. */
    static double select(double[] a, int length, int k) {
        int lo = 0;
        int hi = length - 1;
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
