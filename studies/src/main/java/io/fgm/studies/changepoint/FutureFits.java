package io.fgm.studies.changepoint;

/**
 * Bounds on where the fitted mean and variance of a growing segment [τ, T) go, for every future end
 * T at once. The solver runs offline, so the future is known: this is what lets it drop a
 * candidate that functional pruning alone must keep.
 *
 * <p>Why it is exact: when τ's segment ends at T, its cost is at least the likelihood at its own
 * fit θ*(T) = (mean, max(variance, floor)) of [τ, T), and any candidate that beats τ at θ*(T)
 * (in the sense of {@link CandidateSlabs}) has a value at T no larger than τ's. So if for every
 * T ≥ t the point θ*(T) lies where τ has already lost (a dead slab, outside its interval I of μ, or
 * inside its exclusion J), τ is never the optimum again and can be dropped.
 *
 * <p>How: the ends T ≥ t are covered by aligned dyadic blocks no longer than a fraction of the
 * segment. For each block we keep, per prefix sum Σx and Σx², the slope between its ends and the
 * range of the deviations from that line, so the sums over [τ, T) are a line plus a bounded
 * deviation. Divided by the length, a line over a line is monotone in T, so the extremes of the
 * fitted mean and second moment sit at the ends of the block. Every bound is widened by a margin
 * for rounding, so the boxes are supersets and the test can only fail to drop, never drop wrongly.
 */
final class FutureFits {
    /** Largest block, relative to the segment length at its start: 2^-SHIFT. */
    private static final int SHIFT = 2;

    /** Relative rounding margin on the sums (double-double prefix sums rounded to doubles). */
    private static final double ROUNDING = 1e-12;

    private final PrefixSums sums;
    private final int n;
    private final int levels;
    /** Per level k ≥ 1, per block j covering prefix positions [j·2^k, (j+1)·2^k − 1]. */
    private final double[][] slope1;
    private final double[][] dev1Lo;
    private final double[][] dev1Hi;
    private final double[][] slope2;
    private final double[][] dev2Lo;
    private final double[][] dev2Hi;
    private final double margin1;
    private final double margin2;
    private final double floor;

    FutureFits(PrefixSums sums, double floor) {
        this.sums = sums;
        this.n = sums.size();
        this.floor = floor;
        int k = 1;
        while ((1 << (k + 1)) <= n + 1 && k < 24) {
            k++;
        }
        this.levels = k + 1;
        slope1 = new double[levels][];
        dev1Lo = new double[levels][];
        dev1Hi = new double[levels][];
        slope2 = new double[levels][];
        dev2Lo = new double[levels][];
        dev2Hi = new double[levels][];
        double[] p1 = new double[n + 1];
        double[] p2 = new double[n + 1];
        double max1 = 0;
        for (int i = 0; i <= n; i++) {
            p1[i] = sums.prefix1(i);
            p2[i] = sums.prefix2(i);
            max1 = Math.max(max1, Math.abs(p1[i]));
        }
        margin1 = ROUNDING * max1 + Double.MIN_NORMAL;
        margin2 = ROUNDING * p2[n] + Double.MIN_NORMAL;
        for (int level = 1; level < levels; level++) {
            int size = 1 << level;
            int blocks = (n + 1) / size; // only whole blocks: a partial one is covered by smaller ones
            slope1[level] = new double[blocks];
            dev1Lo[level] = new double[blocks];
            dev1Hi[level] = new double[blocks];
            slope2[level] = new double[blocks];
            dev2Lo[level] = new double[blocks];
            dev2Hi[level] = new double[blocks];
            for (int j = 0; j < blocks; j++) {
                int from = j * size;
                int to = from + size - 1;
                double s1 = (p1[to] - p1[from]) / (size - 1);
                double s2 = (p2[to] - p2[from]) / (size - 1);
                double lo1 = 0, hi1 = 0, lo2 = 0, hi2 = 0;
                for (int u = 1; u < size - 1; u++) {
                    double d1 = p1[from + u] - p1[from] - s1 * u;
                    double d2 = p2[from + u] - p2[from] - s2 * u;
                    lo1 = Math.min(lo1, d1);
                    hi1 = Math.max(hi1, d1);
                    lo2 = Math.min(lo2, d2);
                    hi2 = Math.max(hi2, d2);
                }
                slope1[level][j] = s1;
                dev1Lo[level][j] = lo1;
                dev1Hi[level][j] = hi1;
                slope2[level][j] = s2;
                dev2Lo[level][j] = lo2;
                dev2Hi[level][j] = hi2;
            }
        }
    }

    /** Where a candidate has lost, asked about the box of its fits for the ends from endLo on. */
    interface LossTest {
        /** Whether τ has lost at every (μ, v) of the box, for segment ends T ≥ endLo. */
        boolean lostWithin(int tau, double muLo, double muHi, double vLo, double vHi, int endLo);
    }

    /**
     * Whether τ has lost at the fit of [τ, T) for every end T in [t, n], as {@code test} judges
     * the boxes that cover those fits.
     */
    boolean lostForEveryEnd(int tau, int t, LossTest test) {
        // work around c, the current fit's mean, so that the sums stay small and the bounds tight
        double c = sums.mean(tau, t);
        double cAbs = Math.abs(c);
        double marginA = 4 * (margin1 + cAbs * Math.ulp((double) n) * n);
        double marginS = 4 * (margin2 + 2 * cAbs * margin1 + c * c * Math.ulp((double) n) * n);
        int from = t;
        while (from <= n) {
            int len = from - tau;
            // sums over [τ, from) about c: A = Σ(x − c), S = Σ(x − c)²
            double mean = sums.mean(tau, from);
            double a0 = (mean - c) * len;
            double s0 = sums.sse(tau, from) + len * (mean - c) * (mean - c);
            int level = 0;
            while (level + 1 < levels && (from & ((2 << level) - 1)) == 0
                    && (2 << level) <= (len >> SHIFT)
                    && from + (2 << level) - 1 <= n) {
                level++;
            }
            int span;
            double aLo, aHi, sLo, sHi;
            if (level == 0) {
                span = 1;
                aLo = (a0 - marginA) / len;
                aHi = (a0 + marginA) / len;
                sLo = (s0 - marginS) / len;
                sHi = (s0 + marginS) / len;
            } else {
                span = 1 << level;
                int j = from >> level;
                double lenLo = len;
                double lenHi = len + span - 1.0;
                double rate1 = slope1[level][j] - c;
                double rate2 = slope2[level][j] - 2 * c * slope1[level][j] + c * c;
                double dLo1 = dev1Lo[level][j];
                double dHi1 = dev1Hi[level][j];
                double dLo2 = dev2Lo[level][j] - 2 * (c >= 0 ? c * dHi1 : c * dLo1);
                double dHi2 = dev2Hi[level][j] - 2 * (c >= 0 ? c * dLo1 : c * dHi1);
                // (a0 + rate·u + dev) / (len + u) is monotone in u for a fixed dev
                double u = span - 1.0;
                aLo = Math.min((a0 + dLo1 - marginA) / lenLo, (a0 + rate1 * u + dLo1 - marginA) / lenHi);
                aHi = Math.max((a0 + dHi1 + marginA) / lenLo, (a0 + rate1 * u + dHi1 + marginA) / lenHi);
                sLo = Math.min((s0 + dLo2 - marginS) / lenLo, (s0 + rate2 * u + dLo2 - marginS) / lenHi);
                sHi = Math.max((s0 + dHi2 + marginS) / lenLo, (s0 + rate2 * u + dHi2 + marginS) / lenHi);
            }
            // mean − c in [aLo, aHi]; second moment about c in [sLo, sHi]; variance = S/len − (mean − c)²
            double sqMax = Math.max(aLo * aLo, aHi * aHi);
            double sqMin = aLo > 0 ? aLo * aLo : aHi < 0 ? aHi * aHi : 0;
            double vLo = sLo - sqMax;
            double vHi = sHi - sqMin;
            double muLo = c + aLo;
            double muHi = c + aHi;
            double wLo = Math.max(vLo * (1 - 1e-9), floor);
            double wHi = Math.max(vHi * (1 + 1e-9), floor);
            double slack = 1e-9 * Math.max(Math.abs(muLo), Math.abs(muHi));
            if (!test.lostWithin(tau, muLo - slack, muHi + slack, wLo, wHi, from)) {
                return false;
            }
            from += span;
        }
        return true;
    }
}
