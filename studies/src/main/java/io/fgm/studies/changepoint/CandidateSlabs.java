package io.fgm.studies.changepoint;

/**
 * The pruning state of every candidate of {@link MeanVarCostSolver}, indexed by the candidate's
 * position τ, over the plane of segment means μ and variances v.
 *
 * <p>Every region involved has the form {(μ, v): ln v + (σ² + (μ − x̄)²)/v ≤ d}. For a range of v,
 * its μ-slice is the interval x̄ ± √(v(d − ln v) − σ²): v(d − ln v) is concave, so over a range of
 * v its largest value (the union of the slices) and its smallest value (the slice common to every
 * v) are cheap. The v axis is cut into slabs around the candidate's expected variance; per slab τ
 * keeps the interval I of μ where no later candidate has beaten it yet (a superset), and the
 * interval J where some older candidate beats it at every v of the slab (a subset). A slab dies
 * when I is empty or inside J, and τ is dropped when every slab has died.
 */
final class CandidateSlabs {
    /** Fine slabs per side of the expected variance. */
    private static final int HALF = 8;

    /** Coarse slabs per side beyond the fine ones, each twice as wide in v as the previous. */
    private static final int COARSE = 4;

    /** All slabs: fine, coarse, and one open-ended slab at each end. */
    static final int SLABS = 2 * HALF + 2 * COARSE + 2;

    private static final double TOLERANCE = 1e-9;

    private final double[] lnBound;
    private final double[] vBound;
    private final double[] iLo;
    private final double[] iHi;
    private final double[] jLo;
    private final double[] jHi;
    private final int[] alive;
    /** Older regions remembered per candidate, to widen its exclusions later (MBIC). */
    static final int REMEMBERED = 7;

    private final double[] regMean;
    private final double[] regVar;
    private final double[] regD;
    private final int[] regCount;
    private final double lnFloor;
    private final double floor;

    CandidateSlabs(int size, double minVariance, boolean remember) {
        lnBound = new double[size * (SLABS + 1)];
        vBound = new double[size * (SLABS + 1)];
        iLo = new double[size * SLABS];
        iHi = new double[size * SLABS];
        jLo = new double[size * SLABS];
        jHi = new double[size * SLABS];
        alive = new int[size];
        regMean = new double[remember ? size * REMEMBERED : 0];
        regVar = new double[remember ? size * REMEMBERED : 0];
        regD = new double[remember ? size * REMEMBERED : 0];
        regCount = new int[remember ? size : 0];
        floor = minVariance;
        lnFloor = Math.log(minVariance);
    }

    /**
     * Starts candidate s with slabs of relative width {@code width} around variance {@code v0},
     * every I unbounded and every J empty.
     */
    void init(int s, double v0, double width) {
        double lnV0 = Math.log(Math.max(v0, floor));
        double step = Math.log1p(width);
        int b = s * (SLABS + 1);
        lnBound[b] = lnFloor;
        double ln2 = Math.log(2);
        for (int j = 1; j < SLABS; j++) {
            double ln;
            if (j <= COARSE) {
                ln = lnV0 - HALF * step - (COARSE + 1 - j) * ln2;
            } else if (j <= COARSE + 2 * HALF + 1) {
                ln = lnV0 + (j - COARSE - 1 - HALF) * step;
            } else {
                ln = lnV0 + HALF * step + (j - COARSE - 2 * HALF - 1) * ln2;
            }
            lnBound[b + j] = Math.max(lnFloor, ln);
            vBound[b + j] = Math.exp(lnBound[b + j]);
        }
        lnBound[b + SLABS] = Double.POSITIVE_INFINITY;
        vBound[b + SLABS] = Double.POSITIVE_INFINITY;
        int mask = 0;
        for (int j = 0; j < SLABS; j++) {
            int i = s * SLABS + j;
            iLo[i] = Double.NEGATIVE_INFINITY;
            iHi[i] = Double.POSITIVE_INFINITY;
            jLo[i] = Double.POSITIVE_INFINITY;
            jHi[i] = Double.NEGATIVE_INFINITY;
            if (lnBound[b + j + 1] > lnBound[b + j]) {
                mask |= 1 << j;
            }
        }
        alive[s] = mask;
        if (regCount.length > 0) {
            regCount[s] = 0;
        }
    }

    /**
     * Adds to s's exclusion intervals the μ-range on which an older candidate beats s at every v
     * of a slab: ln v + (var + (μ − mean)²)/v ≤ d for all v in the slab.
     */
    void exclude(int s, double mean, double var, double d) {
        int b = s * (SLABS + 1);
        for (int j = 0; j < SLABS - 1; j++) {
            double v1 = vBound[b + j];
            double v2 = vBound[b + j + 1];
            double common = Math.min(v1 * (d - lnBound[b + j]), v2 * (d - lnBound[b + j + 1]));
            double rad2 = common - var;
            if (!(rad2 > 0)) {
                continue;
            }
            double rad = Math.sqrt(rad2) * (1 - TOLERANCE) - TOLERANCE * Math.abs(mean);
            if (rad <= 0) {
                continue;
            }
            int i = s * SLABS + j;
            double lo = mean - rad;
            double hi = mean + rad;
            if (jLo[i] > jHi[i]) {
                jLo[i] = lo;
                jHi[i] = hi;
            } else if (lo <= jHi[i] && hi >= jLo[i]) {
                jLo[i] = Math.min(jLo[i], lo);
                jHi[i] = Math.max(jHi[i], hi);
            } else if (hi - lo > jHi[i] - jLo[i]) {
                jLo[i] = lo;
                jHi[i] = hi;
            }
        }
    }

    /**
     * Narrows τ with a later candidate that beats it outside ln v + (var + (μ − mean)²)/v ≤ d
     * (d already including its tolerance).
     *
     * @return false when every slab has died (τ can be dropped)
     */
    boolean narrow(int tau, double mean, double var, double d) {
        int mask = alive[tau];
        int b = tau * (SLABS + 1);
        double lnPeak = d - 1;
        double peak = Double.NaN;
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            int j = Integer.numberOfTrailingZeros(rest);
            double lnA = lnBound[b + j];
            double lnB = lnBound[b + j + 1];
            double widest;
            if (lnPeak < lnA) {
                widest = vBound[b + j] * (d - lnA);
            } else if (lnPeak > lnB) {
                widest = vBound[b + j + 1] * (d - lnB);
            } else {
                if (Double.isNaN(peak)) {
                    peak = Math.exp(lnPeak);
                }
                widest = peak;
            }
            double rad2 = widest - var;
            int i = tau * SLABS + j;
            if (!(rad2 >= 0)) {
                mask &= ~(1 << j);
                continue;
            }
            double rad = Math.sqrt(rad2) * (1 + TOLERANCE) + TOLERANCE * Math.abs(mean);
            double lo = Math.max(iLo[i], mean - rad);
            double hi = Math.min(iHi[i], mean + rad);
            if (lo > hi || (jLo[i] <= lo && hi <= jHi[i])) {
                mask &= ~(1 << j);
                continue;
            }
            iLo[i] = lo;
            iHi[i] = hi;
        }
        alive[tau] = mask;
        return mask != 0;
    }

    /**
     * Remembers an older candidate's region for s (the first {@link #REMEMBERED} only), with a
     * budget {@code d} before MBIC's b is taken off, so that {@link #refreshExclusions} can widen
     * s's exclusions as its shortest possible future segment grows.
     */
    void remember(int s, double mean, double var, double d) {
        int count = regCount[s];
        if (count < REMEMBERED) {
            int slot = s * REMEMBERED + count;
            regMean[slot] = mean;
            regVar[slot] = var;
            regD[slot] = d;
            regCount[s] = count + 1;
        }
    }

    /** Recomputes τ's exclusions from its remembered regions with MBIC's b at most {@code b}. */
    void refreshExclusions(int tau, double b) {
        for (int j = 0; j < SLABS; j++) {
            int i = tau * SLABS + j;
            jLo[i] = Double.POSITIVE_INFINITY;
            jHi[i] = Double.NEGATIVE_INFINITY;
        }
        for (int r = 0; r < regCount[tau]; r++) {
            int slot = tau * REMEMBERED + r;
            exclude(tau, regMean[slot], regVar[slot], regD[slot] - b);
        }
    }
}
