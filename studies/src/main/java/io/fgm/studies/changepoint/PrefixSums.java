package io.fgm.studies.changepoint;

/**
 * Prefix sums of x and x² in double-double precision, so that the sum and the sum of squared
 * deviations (SSE) of any segment are accurate even when the segment is long, far from the series
 * mean, or exactly constant.
 *
 * <p>R's changepoint accumulates its cumulative sums in extended precision. Here each prefix is
 * kept as an unevaluated pair {@code hi + lo} (Knuth's TwoSum, squares split exactly with FMA), and
 * the SSE {@code Σx² − (Σx)²/len} falls back to double-double when it cancels: a constant segment
 * of memory bytes yields an SSE of (almost exactly) zero instead of cancellation noise.
 *
 * <p>Segments are half-open index ranges {@code [a, b)} with {@code 0 <= a < b <= n}.
 */
final class PrefixSums {
    /** Interleaved per prefix: Σx hi, Σx lo, Σx² hi, Σx² lo (one cache line serves a lookup). */
    private final double[] p;

    private final int n;

    /** Accumulates the prefix sums of {@code x}, which must contain finite values only. */
    PrefixSums(double[] x) {
        this(x, null, x.length, 0, 1, new double[4 * (x.length + 1)]);
    }

    /**
     * Accumulates the prefix sums of the {@code count} values (values[present[i]] − centre) / scale
     * ({@code present} null: the first {@code count} values) into {@code storage}, which must hold
     * 4·(count + 1) doubles and is used, not copied (see {@link SolverWorkspace}).
     */
    PrefixSums(double[] values, int[] present, int count, double centre, double scale,
            double[] storage) {
        n = count;
        p = storage;
        p[0] = 0;
        p[1] = 0;
        p[2] = 0;
        p[3] = 0;
        double h1 = 0, l1 = 0, h2 = 0, l2 = 0;
        for (int i = 0; i < n; i++) {
            double v = (values[present == null ? i : present[i]] - centre) / scale;
            double s = h1 + v;
            l1 += twoSumError(h1, v, s);
            h1 = s;
            double sq = v * v;
            double sqErr = Math.fma(v, v, -sq);
            s = h2 + sq;
            l2 += twoSumError(h2, sq, s) + sqErr;
            h2 = s;
            // renormalise so lo stays below one ulp of hi
            s = h1 + l1;
            l1 = l1 - (s - h1);
            h1 = s;
            s = h2 + l2;
            l2 = l2 - (s - h2);
            h2 = s;
            int j = 4 * (i + 1);
            p[j] = h1;
            p[j + 1] = l1;
            p[j + 2] = h2;
            p[j + 3] = l2;
        }
    }

    /**
     * The mean of values[present[i]] for i &lt; count ({@code present} null: the first {@code
     * count} values), summed as the prefix sums are, so it equals {@code new
     * PrefixSums(x).mean(0, count)} without the arrays.
     */
    static double mean(double[] values, int[] present, int count) {
        double h1 = 0, l1 = 0;
        for (int i = 0; i < count; i++) {
            double v = values[present == null ? i : present[i]];
            double s = h1 + v;
            l1 += twoSumError(h1, v, s);
            h1 = s;
            s = h1 + l1;
            l1 = l1 - (s - h1);
            h1 = s;
        }
        return ((h1 - 0) + (l1 - 0)) / count;
    }

    /** Number of values. */
    int size() {
        return n;
    }

    /** Σx over {@code [a, b)}. */
    double sum(int a, int b) {
        int ia = 4 * a;
        int ib = 4 * b;
        return (p[ib] - p[ia]) + (p[ib + 1] - p[ia + 1]);
    }

    /** Σx² over {@code [a, b)}. */
    double sum2(int a, int b) {
        int ia = 4 * a;
        int ib = 4 * b;
        return (p[ib + 2] - p[ia + 2]) + (p[ib + 3] - p[ia + 3]);
    }

    /** Σx over {@code [0, i)}, rounded to a double. */
    double prefix1(int i) {
        return p[4 * i] + p[4 * i + 1];
    }

    /** Σx² over {@code [0, i)}, rounded to a double. */
    double prefix2(int i) {
        return p[4 * i + 2] + p[4 * i + 3];
    }

    /** Mean of {@code [a, b)}. */
    double mean(int a, int b) {
        return sum(a, b) / (b - a);
    }

    /**
     * Σ(x − mean)² over {@code [a, b)}: {@code Σx² − (Σx)²/len}, clamped at zero (it can only be
     * negative by rounding). When the subtraction cancels more than six digits, it is redone in
     * double-double, so the result always carries at least ~9 correct digits, and a constant
     * segment gives (almost exactly) zero.
     */
    double sse(int a, int b) {
        int ia = 4 * a;
        int ib = 4 * b;
        double s1 = (p[ib] - p[ia]) + (p[ib + 1] - p[ia + 1]);
        double s2 = (p[ib + 2] - p[ia + 2]) + (p[ib + 3] - p[ia + 3]);
        double sse = s2 - s1 * s1 / (b - a);
        if (sse > 1e-6 * s2) {
            return sse;
        }
        return sseDoubleDouble(ia, ib, b - a);
    }

    private double sseDoubleDouble(int ia, int ib, double len) {
        // S1 as a double-double
        double d = p[ib] - p[ia];
        double e = twoSumError(p[ib], -p[ia], d) + (p[ib + 1] - p[ia + 1]);
        double s1h = d + e;
        double s1l = e - (s1h - d);
        // S2 as a double-double
        d = p[ib + 2] - p[ia + 2];
        e = twoSumError(p[ib + 2], -p[ia + 2], d) + (p[ib + 3] - p[ia + 3]);
        double s2h = d + e;
        double s2l = e - (s2h - d);
        // q = S1² / len as a double-double
        double sq = s1h * s1h;
        double sqErr = Math.fma(s1h, s1h, -sq) + 2 * s1h * s1l;
        double qh = sq / len;
        double ql = (Math.fma(-qh, len, sq) + sqErr) / len;
        // S2 - q
        d = s2h - qh;
        e = twoSumError(s2h, -qh, d) + (s2l - ql);
        double sse = d + e;
        return sse > 0 ? sse : 0;
    }

    /** Exact rounding error of {@code s = a + b} (Knuth's TwoSum). */
    private static double twoSumError(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }
}
