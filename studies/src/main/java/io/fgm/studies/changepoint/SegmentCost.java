package io.fgm.studies.changepoint;

/**
 * The cost of one segment {@code [a, b)} under a {@link CostFunction}, including MBIC's ln(len)
 * term when asked for. Shared by the solvers and by the exhaustive reference in the tests, so that
 * both optimise exactly the same numbers.
 */
final class SegmentCost {
    /** R's variance floor for {@link CostFunction#MEAN_VAR}. */
    static final double MIN_VARIANCE = 1e-11;

    static final double LN_2PI = Math.log(2 * Math.PI);
    /** Cost per point of a segment whose variance is floored: ln 2π + ln 1e-11 + 1. */
    static final double FLOORED_COST_PER_POINT = LN_2PI + Math.log(MIN_VARIANCE) + 1;

    private final PrefixSums sums;
    private final CostFunction function;
    private final boolean lengthTerm;
    private final double[] lnLength;

    /**
     * ln(len) for every len below its length, shared by every instance and every thread: it only
     * grows, a larger copy replacing it (the values never change, so a reader holding the old one
     * is still right). Building it per call cost a fresh array each time (see {@link
     * SolverWorkspace}).
     */
    private static volatile double[] lnTable = logs(new double[0], 4096);

    SegmentCost(PrefixSums sums, CostFunction function, boolean lengthTerm) {
        this.sums = sums;
        this.function = function;
        this.lengthTerm = lengthTerm;
        int n = sums.size();
        double[] table = lnTable;
        if (table.length <= n) {
            table = logs(table, Math.max(n + 1, 2 * table.length));
            lnTable = table;
        }
        this.lnLength = table;
    }

    /** {@code old}'s values followed by ln(len) up to {@code length} − 1 (ln 0 is left at 0). */
    private static double[] logs(double[] old, int length) {
        double[] table = java.util.Arrays.copyOf(old, length);
        for (int len = Math.max(1, old.length); len < length; len++) {
            table[len] = Math.log(len);
        }
        return table;
    }

    PrefixSums sums() {
        return sums;
    }

    boolean lengthTerm() {
        return lengthTerm;
    }

    /** The table of ln(len) (ln 0 is 0), at least n + 1 long; not to be written. */
    double[] lnLengths() {
        return lnLength;
    }

    /**
     * Bound on the rounding of a difference of two entries of the ln(len) table: each is within
     * an ulp of ln(len) ≤ 25 (≤ 3.6e-15), the subtraction adds half an ulp.
     */
    static final double LN_RATIO_MARGIN = 1e-13;

    /**
     * A lower bound of ln(a/b) from the ln(len) table (two loads, no {@code log}), for 1 ≤ a, b
     * below the table's length. The solvers use it where an exact logarithm per candidate and
     * step cost several percent of the time; a bound on the safe side keeps every test exact.
     */
    static double lnRatioAtLeast(double[] table, int a, int b) {
        return table[a] - table[b] - LN_RATIO_MARGIN;
    }

    /** An upper bound of ln(a/b), as {@link #lnRatioAtLeast}. */
    static double lnRatioAtMost(double[] table, int a, int b) {
        return table[a] - table[b] + LN_RATIO_MARGIN;
    }

    /** ln(len) for 1 ≤ len ≤ n, from a table. */
    double lnLength(int len) {
        return lnLength[len];
    }

    /** Cost of {@code [a, b)}: the likelihood part plus ln(b − a) under MBIC. */
    double cost(int a, int b) {
        int len = b - a;
        double sse = sums.sse(a, b);
        double c = function == CostFunction.MEAN ? sse : meanVarCost(sse, len);
        return lengthTerm ? c + lnLength[len] : c;
    }

    /** len·(ln 2π + ln max(sse/len, 1e-11) + 1). */
    static double meanVarCost(double sse, int len) {
        double variance = sse / len;
        if (variance <= MIN_VARIANCE) {
            return len * FLOORED_COST_PER_POINT;
        }
        return len * (LN_2PI + Math.log(variance) + 1);
    }

    private static final double LN_2 = Math.log(2);

    /**
     * A lower bound of ln x (as a double, at most {@code Math.log(x)}) for a normal x &gt; 0,
     * without a logarithm: x = 2^e·m with m in [1, 2), ln m = 2·atanh(z) = 2(z + z³/3 + z⁵/5 +
     * …) with z = (m − 1)/(m + 1) in [0, 1/3), cut after z⁷ (the rest, ≥ 0 and ≤ 1.3e-5, is
     * left out), less a margin for the rounding of this and of {@code Math.log}. 3.2–3.8 ns per
     * call against 5.7–5.9 ns for {@code Math.log} in a summing loop (2026-11-25).
     */
    static double lnAtMost(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        double z = (m - 1) / (m + 1);
        double z2 = z * z;
        double ln = e * LN_2 + 2 * z * (1 + z2 * (1.0 / 3 + z2 * (0.2 + z2 * (1.0 / 7))));
        return ln - 1e-12 * (Math.abs(ln) + 1);
    }

    /**
     * The value of ending the last segment at {@code t} after a changepoint at {@code tau}: F(τ) +
     * C(τ, t) + β, R's {@code lastchangelike[tau] + cost + pen}, where F(0) = −β so that the first
     * segment carries no penalty.
     */
    static double candidateValue(double fTau, double segmentCost, double penalty) {
        return fTau + segmentCost + penalty;
    }
}
