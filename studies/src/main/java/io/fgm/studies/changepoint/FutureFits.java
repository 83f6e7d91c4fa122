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

    /** A failing box is halved (when asked to refine) down to 2^-REFINE_SHIFT of the length. */
    static int REFINE_SHIFT = 4;

    /** Relative rounding margin on the sums (double-double prefix sums rounded to doubles). */
    private static final double ROUNDING = 1e-12;

    private final PrefixSums sums;
    private final int n;
    private final int levels;
    /**
     * Per level k ≥ 1, per block j covering prefix positions [j·2^k, (j+1)·2^k − 1], six values
     * from {@code offset[k] + 6j}: the slope of Σx between the block's ends and the lowest and
     * highest deviation from that line, then the same for Σx².
     */
    private final double[] blocks;

    private final int[] offset;
    private final double margin1;
    private final double margin2;
    private final double floor;

    FutureFits(PrefixSums sums, double floor) {
        this(sums, floor, null);
    }

    /** As {@link #FutureFits(PrefixSums, double)}, with the blocks in the workspace's array. */
    FutureFits(PrefixSums sums, double floor, SolverWorkspace workspace) {
        this.sums = sums;
        this.n = sums.size();
        this.floor = floor;
        int k = 1;
        while ((1 << (k + 1)) <= n + 1 && k < 24) {
            k++;
        }
        this.levels = k + 1;
        offset = new int[levels];
        int total = 0;
        for (int level = 1; level < levels; level++) {
            offset[level] = total;
            total += 6 * ((n + 1) >> level); // only whole blocks: a partial one is covered by smaller ones
        }
        blocks = workspace == null ? new double[total] : workspace.blocks(total);
        double max1 = 0;
        for (int i = 0; i <= n; i++) {
            max1 = Math.max(max1, Math.abs(sums.prefix1(i)));
        }
        margin1 = ROUNDING * max1 + Double.MIN_NORMAL;
        margin2 = ROUNDING * sums.prefix2(n) + Double.MIN_NORMAL;
        for (int level = 1; level < levels; level++) {
            int size = 1 << level;
            int count = (n + 1) >> level;
            for (int j = 0; j < count; j++) {
                int from = j * size;
                int to = from + size - 1;
                double p1From = sums.prefix1(from);
                double p2From = sums.prefix2(from);
                double s1 = (sums.prefix1(to) - p1From) / (size - 1);
                double s2 = (sums.prefix2(to) - p2From) / (size - 1);
                double lo1 = 0, hi1 = 0, lo2 = 0, hi2 = 0;
                for (int u = 1; u < size - 1; u++) {
                    double d1 = sums.prefix1(from + u) - p1From - s1 * u;
                    double d2 = sums.prefix2(from + u) - p2From - s2 * u;
                    lo1 = Math.min(lo1, d1);
                    hi1 = Math.max(hi1, d1);
                    lo2 = Math.min(lo2, d2);
                    hi2 = Math.max(hi2, d2);
                }
                int b = offset[level] + 6 * j;
                blocks[b] = s1;
                blocks[b + 1] = lo1;
                blocks[b + 2] = hi1;
                blocks[b + 3] = s2;
                blocks[b + 4] = lo2;
                blocks[b + 5] = hi2;
            }
        }
    }

    /** Where a candidate has lost, asked about the box of its fits for the ends from endLo on. */
    interface LossTest {
        /**
         * Whether τ has lost at every (μ, v) of the box, for segment ends T ≥ endLo; the box holds
         * the fits of the ends endLo ≤ T ≤ endHi.
         */
        boolean lostWithin(int tau, double muLo, double muHi, double vLo, double vHi, int endLo,
                int endHi);
    }

    /**
     * Whether τ has lost at the fit of [τ, T) for every end T in [t, n], as {@code test} judges
     * the boxes that cover those fits.
     */
    boolean lostForEveryEnd(int tau, int t, LossTest test) {
        return provenUntil(tau, t, t, test) > n;
    }

    /**
     * The first end T ≥ {@code start} at which τ is not yet shown to have lost: the ends [start,
     * result) are covered by boxes that {@code test} judges lost; n + 1 when every end up to n is.
     * {@code t} (≤ start) is the current step, around whose fit the sums are taken.
     *
     * <p>Why a caller may skip [t, start) when an earlier call returned start: "τ has lost at T"
     * is a fact about final values (a candidate whose value at T is lower than τ's by more than
     * the tolerance, shown from F values that never change again and from regions valid for every
     * end from that check on), so once shown it stays true, whatever τ's state becomes later.
     */
    int provenUntil(int tau, int t, int start, LossTest test) {
        return provenUntil(tau, t, start, SHIFT, false, test);
    }

    /**
     * As {@link #provenUntil(int, int, int, LossTest)}, with blocks of at most 2^-shift of the
     * segment's length (larger blocks: fewer, wider boxes).
     */
    int provenUntil(int tau, int t, int start, int shift, boolean refine, LossTest test) {
        return provenUntil(tau, t, start, n + 1, shift, refine, test);
    }

    /**
     * As {@link #provenUntil(int, int, int, int, boolean, LossTest)}, over the ends [start, limit)
     * only: the result is {@code limit} when all of them are shown.
     */
    int provenUntil(int tau, int t, int start, int limit, int shift, boolean refine,
            LossTest test) {
        // work around c, the current fit's mean, so that the sums stay small and the bounds tight
        double c = sums.mean(tau, t);
        double cAbs = Math.abs(c);
        double marginA = 4 * (margin1 + cAbs * Math.ulp((double) n) * n);
        double marginS = 4 * (margin2 + 2 * cAbs * margin1 + c * c * Math.ulp((double) n) * n);
        int from = start;
        int cap = levels;
        while (from < limit) {
            int len = from - tau;
            // sums over [τ, from) about c: A = Σ(x − c), S = Σ(x − c)², without a division (the
            // rounding, a few ulps of Σx², c·Σx and c²·len, is far inside the margins above)
            double s1 = sums.sum(tau, from);
            double a0 = s1 - c * len;
            double s0 = sums.sum2(tau, from) - 2 * c * s1 + c * c * len;
            // the largest level below cap at which from is aligned, the block is at most len >> shift
            // long and ends by n (each condition holds for every smaller level too); in closed form,
            // as a loop it climbed up to 15 levels per box
            int level = Math.max(0, Math.min(Math.min(cap - 1, Integer.numberOfTrailingZeros(from)),
                    Math.min(31 - Integer.numberOfLeadingZeros(len >> shift),
                            31 - Integer.numberOfLeadingZeros(limit - from))));
            int span;
            double aLo, aHi, sLo, sHi;
            // products with 1/len instead of quotients: at most ~1.5 ulps of each bound instead of
            // 0.5, again far inside the margins (marginA/len ≥ 4e-12·max|Σx|/len + 4|c|·ulp(n))
            if (level == 0) {
                span = 1;
                double inv = 1.0 / len;
                aLo = (a0 - marginA) * inv;
                aHi = (a0 + marginA) * inv;
                sLo = (s0 - marginS) * inv;
                sHi = (s0 + marginS) * inv;
            } else {
                span = 1 << level;
                int j = from >> level;
                double invLo = 1.0 / len;
                double invHi = 1.0 / (len + span - 1.0);
                int b = offset[level] + 6 * j;
                double slope1 = blocks[b];
                double rate1 = slope1 - c;
                double rate2 = blocks[b + 3] - 2 * c * slope1 + c * c;
                double dLo1 = blocks[b + 1];
                double dHi1 = blocks[b + 2];
                double dLo2 = blocks[b + 4] - 2 * (c >= 0 ? c * dHi1 : c * dLo1);
                double dHi2 = blocks[b + 5] - 2 * (c >= 0 ? c * dLo1 : c * dHi1);
                // (a0 + rate·u + dev) / (len + u) is monotone in u for a fixed dev
                double u = span - 1.0;
                aLo = Math.min((a0 + dLo1 - marginA) * invLo, (a0 + rate1 * u + dLo1 - marginA) * invHi);
                aHi = Math.max((a0 + dHi1 + marginA) * invLo, (a0 + rate1 * u + dHi1 + marginA) * invHi);
                sLo = Math.min((s0 + dLo2 - marginS) * invLo, (s0 + rate2 * u + dLo2 - marginS) * invHi);
                sHi = Math.max((s0 + dHi2 + marginS) * invLo, (s0 + rate2 * u + dHi2 + marginS) * invHi);
            }
            if (!lostInBox(test, tau, c, aLo, aHi, sLo, sHi, from, from + span - 1)) {
                if (!refine || level == 0 || (from > start && (1 << level) <= (len >> REFINE_SHIFT))) {
                    return from;
                }
                // a smaller box may still pass: halve it, so the answer is the first failing end
                cap = level;
                continue;
            }
            cap = levels;
            from += span;
        }
        return limit;
    }

    /**
     * The first end T ≥ {@code start} at which some τ in [lo, hi] is not yet shown to have lost,
     * as {@link #provenUntil}, with one walk for all of them: each box holds the fits of [τ, T)
     * for every τ in [lo, hi] and every end T of its block ({@code test} receives lo as τ and must
     * judge the box for all of them). Needs start &gt; hi. A failing box is halved down to
     * 2^-REFINE_SHIFT of the shortest length, at start down to one end.
     *
     * <p>The box: per τ, the sums about c over [τ, start) are A_τ and S_τ, and over [τ, T) they are
     * A_τ plus the sums over [start, T), over a length len_τ + (T − start). Taking A_τ, S_τ over
     * their ranges and len_τ over [start − hi, start − lo] independently gives a superset. For a
     * fixed τ the bounds of a block sit at its two ends (a line over a line is monotone, see the
     * class comment); for a fixed numerator N, N/len is extreme at the shortest or longest length,
     * depending on the sign of N. So each bound is the extreme of four quotients.
     */
    int provenUntilForAll(int lo, int hi, int start, int shift, LossTest test) {
        double c = sums.mean(lo, start);
        double cAbs = Math.abs(c);
        // twice the single walk's margins: the sums over [τ, T) are added from two parts here
        double marginA = 8 * (margin1 + cAbs * Math.ulp((double) n) * n);
        double marginS = 8 * (margin2 + 2 * cAbs * margin1 + c * c * Math.ulp((double) n) * n);
        double aMin = Double.POSITIVE_INFINITY;
        double aMax = Double.NEGATIVE_INFINITY;
        double sMin = Double.POSITIVE_INFINITY;
        double sMax = Double.NEGATIVE_INFINITY;
        for (int tau = lo; tau <= hi; tau++) {
            int len = start - tau;
            double mean = sums.mean(tau, start);
            double a = (mean - c) * len;
            double sq = sums.sse(tau, start) + len * (mean - c) * (mean - c);
            aMin = Math.min(aMin, a);
            aMax = Math.max(aMax, a);
            sMin = Math.min(sMin, sq);
            sMax = Math.max(sMax, sq);
        }
        int from = start;
        int cap = levels;
        while (from <= n) {
            int extra = from - start;
            double lenMin = start - hi + extra;
            double lenMax = start - lo + extra;
            // sums about c over [start, from)
            double e1 = 0;
            double e2 = 0;
            if (extra > 0) {
                double mean = sums.mean(start, from);
                e1 = (mean - c) * extra;
                e2 = sums.sse(start, from) + extra * (mean - c) * (mean - c);
            }
            double a0Lo = aMin + e1 - marginA;
            double a0Hi = aMax + e1 + marginA;
            double s0Lo = sMin + e2 - marginS;
            double s0Hi = sMax + e2 + marginS;
            int level = Math.max(0, Math.min(Math.min(cap - 1, Integer.numberOfTrailingZeros(from)),
                    Math.min(31 - Integer.numberOfLeadingZeros(((int) lenMin) >> shift),
                            31 - Integer.numberOfLeadingZeros(n - from + 1))));
            int span;
            double aLo, aHi, sLo, sHi;
            if (level == 0) {
                span = 1;
                aLo = lowest(a0Lo, lenMin, lenMax);
                aHi = highest(a0Hi, lenMin, lenMax);
                sLo = lowest(s0Lo, lenMin, lenMax);
                sHi = highest(s0Hi, lenMin, lenMax);
            } else {
                span = 1 << level;
                int b = offset[level] + 6 * (from >> level);
                double slope1 = blocks[b];
                double rate1 = slope1 - c;
                double rate2 = blocks[b + 3] - 2 * c * slope1 + c * c;
                double dLo1 = blocks[b + 1];
                double dHi1 = blocks[b + 2];
                double dLo2 = blocks[b + 4] - 2 * (c >= 0 ? c * dHi1 : c * dLo1);
                double dHi2 = blocks[b + 5] - 2 * (c >= 0 ? c * dLo1 : c * dHi1);
                double u = span - 1.0;
                aLo = Math.min(lowest(a0Lo + dLo1, lenMin, lenMax),
                        lowest(a0Lo + rate1 * u + dLo1, lenMin + u, lenMax + u));
                aHi = Math.max(highest(a0Hi + dHi1, lenMin, lenMax),
                        highest(a0Hi + rate1 * u + dHi1, lenMin + u, lenMax + u));
                sLo = Math.min(lowest(s0Lo + dLo2, lenMin, lenMax),
                        lowest(s0Lo + rate2 * u + dLo2, lenMin + u, lenMax + u));
                sHi = Math.max(highest(s0Hi + dHi2, lenMin, lenMax),
                        highest(s0Hi + rate2 * u + dHi2, lenMin + u, lenMax + u));
            }
            if (!lostInBox(test, lo, c, aLo, aHi, sLo, sHi, from, from + span - 1)) {
                if (level == 0 || (from > start && (1 << level) <= (((int) lenMin) >> REFINE_SHIFT))) {
                    return from;
                }
                cap = level;
                continue;
            }
            cap = levels;
            from += span;
        }
        return n + 1;
    }

    /**
     * Asks {@code test} whether τ lost at every end of [endLo, endHi], for a box whose mean − c lies in
     * [aLo, aHi] and whose second moment about c lies in [sLo, sHi]: variance = S/len − (mean − c)²,
     * floored, each bound widened by the relative tolerance on the side of keeping τ.
     */
    private boolean lostInBox(LossTest test, int tau, double c, double aLo, double aHi, double sLo,
            double sHi, int endLo, int endHi) {
        double sqMax = Math.max(aLo * aLo, aHi * aHi);
        double sqMin = aLo > 0 ? aLo * aLo : aHi < 0 ? aHi * aHi : 0;
        double muLo = c + aLo;
        double muHi = c + aHi;
        double wLo = Math.max((sLo - sqMax) * (1 - 1e-9), floor);
        double wHi = Math.max((sHi - sqMin) * (1 + 1e-9), floor);
        double slack = 1e-9 * Math.max(Math.abs(muLo), Math.abs(muHi));
        return test.lostWithin(tau, muLo - slack, muHi + slack, wLo, wHi, endLo, endHi);
    }

    /** The least of N/len over len in [lenMin, lenMax] (lenMin &gt; 0). */
    private static double lowest(double numerator, double lenMin, double lenMax) {
        return numerator >= 0 ? numerator / lenMax : numerator / lenMin;
    }

    /** The largest of N/len over len in [lenMin, lenMax] (lenMin &gt; 0). */
    private static double highest(double numerator, double lenMin, double lenMax) {
        return numerator >= 0 ? numerator / lenMin : numerator / lenMax;
    }
}
