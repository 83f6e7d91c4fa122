package io.fgm.studies.changepoint;

import java.util.Arrays;

/**
 * The pruning state of every live candidate of {@link MeanCostSolver}, in slots that are recycled
 * as candidates die (a few dozen live at once, so the arrays stay small; see {@link
 * SolverWorkspace} for why per-point arrays were dropped): the interval I of segment means μ where no later candidate has beaten τ yet, the
 * interval H where τ's optimal predecessor does not beat it (MBIC only), and the fixed exclusion
 * interval J where older candidates beat it. Arrays rather than objects keep the inner loop free of
 * allocation and pointer chasing.
 */
final class CandidateIntervals {
    private static final double TOLERANCE = 1e-9;

    private double[] lo;
    private double[] hi;
    private double[] hLo;
    private double[] hHi;
    private double[] jLo;
    private double[] jHi;
    private double[] predMean;
    private double[] predR;
    private double[] predTol;
    /** How many older parabolas each candidate keeps for its MBIC exclusion test. */
    static final int OLDER = 4;

    private double[] olderMean;
    private double[] olderR;
    private double[] olderTol;
    private int[] olderCount;
    private final double[] scratchLo = new double[OLDER + 1];
    private final double[] scratchHi = new double[OLDER + 1];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int slots;

    CandidateIntervals() {
        allocate(64);
    }

    private void allocate(int capacity) {
        lo = grow(lo, capacity);
        hi = grow(hi, capacity);
        hLo = grow(hLo, capacity);
        hHi = grow(hHi, capacity);
        jLo = grow(jLo, capacity);
        jHi = grow(jHi, capacity);
        predMean = grow(predMean, capacity);
        predR = grow(predR, capacity);
        predTol = grow(predTol, capacity);
        olderMean = grow(olderMean, capacity * OLDER);
        olderR = grow(olderR, capacity * OLDER);
        olderTol = grow(olderTol, capacity * OLDER);
        olderCount = olderCount == null ? new int[capacity] : Arrays.copyOf(olderCount, capacity);
    }

    private static double[] grow(double[] a, int length) {
        return a == null ? new double[length] : Arrays.copyOf(a, length);
    }

    /** Forgets every candidate (a new series). */
    void reset() {
        slots = 0;
        freeCount = 0;
    }

    /** A slot for a new candidate's state, to be filled by {@link #init}. */
    int claim() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slots == lo.length) {
            allocate(2 * slots);
        }
        return slots++;
    }

    /** Frees the slot of a candidate that has been dropped for good. */
    void release(int slot) {
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, 2 * freeCount);
        }
        freeSlots[freeCount++] = slot;
    }

    /**
     * Keeps an older candidate's parabola V(μ) = r − (μ − mean)² for s's MBIC exclusion test (at
     * most {@link #OLDER}; later calls are ignored).
     */
    void addOlder(int c, double mean, double r, double tol) {
        int count = olderCount[c];
        if (count < OLDER) {
            int slot = c * OLDER + count;
            olderMean[slot] = mean;
            olderR[slot] = r;
            olderTol[slot] = tol;
            olderCount[c] = count + 1;
        }
    }

    /**
     * Starts candidate s with unbounded I and H, exclusion interval [jLo, jHi] (empty if jLo &gt;
     * jHi) and its predecessor's parabola V(μ) = predR − (μ − predMean)² (predR NaN if none).
     */
    void init(int c, double jLo, double jHi, double predMean, double predR, double predTol) {
        lo[c] = Double.NEGATIVE_INFINITY;
        hi[c] = Double.POSITIVE_INFINITY;
        hLo[c] = Double.NEGATIVE_INFINITY;
        hHi[c] = Double.POSITIVE_INFINITY;
        this.jLo[c] = jLo;
        this.jHi[c] = jHi;
        this.predMean[c] = predMean;
        this.predR[c] = predR;
        this.predTol[c] = predTol;
        olderCount[c] = 0;
        if (!Double.isNaN(predR)) {
            addOlder(c, predMean, predR, predTol);
        }
    }

    /**
     * Narrows τ's region with a later candidate whose parabola is U(μ) = r − (μ − mean)², with
     * absolute tolerance {@code tol} on r, when τ's future segments have b = 1/len in [bLo, bHi]
     * (bHi NaN: skip the test against the older parabolas).
     *
     * @return false when τ can be dropped
     */
    boolean narrow(
            int c, double mean, double r, double bLo, double bHi, double tol, boolean useLine) {
        double q = r - bLo + tol;
        if (q < 0) {
            return false;
        }
        double radius = Math.sqrt(q);
        double slack = TOLERANCE * (Math.abs(mean) + radius);
        double newLo = Math.max(lo[c], mean - radius - slack);
        double newHi = Math.min(hi[c], mean + radius + slack);
        if (newLo > newHi) {
            return false;
        }
        double newHLo = hLo[c];
        double newHHi = hHi[c];
        double pr = predR[c];
        if (useLine && !Double.isNaN(pr)) {
            // V < U  <=>  2δν > pr − r + δ²  with ν = μ − predMean, δ = mean − predMean
            double pm = predMean[c];
            double delta = mean - pm;
            double rhs = pr - r + delta * delta;
            double rhsTol = tol + predTol[c];
            double deltaErr = 1e-12 * (Math.abs(mean) + Math.abs(pm)) + Double.MIN_NORMAL;
            if (Math.abs(delta) <= 4 * deltaErr) {
                if (pr - r > rhsTol + 8 * deltaErr * (Math.abs(newLo - pm) + Math.abs(newHi - pm))) {
                    return false;
                }
            } else {
                double threshold = rhs / (2 * delta);
                double thresholdSlack = (rhsTol + 2 * Math.abs(threshold) * deltaErr
                        + 2 * Math.abs(delta) * deltaErr) / (2 * Math.abs(delta) - 2 * deltaErr);
                if (delta > 0) {
                    newHLo = Math.max(newHLo, pm + threshold - thresholdSlack - slack);
                } else {
                    newHHi = Math.min(newHHi, pm + threshold + thresholdSlack + slack);
                }
            }
        }
        double a = Math.max(newLo, newHLo);
        double b = Math.min(newHi, newHHi);
        if (a > b || excluded(c, a, b, bHi)) {
            return false;
        }
        lo[c] = newLo;
        hi[c] = newHi;
        hLo[c] = newHLo;
        hHi[c] = newHHi;
        return true;
    }

    /**
     * Whether [a, b] lies inside the set where older candidates beat τ: J, and under MBIC the
     * intervals {V<sub>r</sub> ≥ bHi} of the older parabolas kept for τ, which widen as τ's
     * shortest possible future segment grows (bHi = 1/len falls).
     */
    private boolean excluded(int c, double a, double b, double bHi) {
        if (jLo[c] <= a && b <= jHi[c]) {
            return true;
        }
        if (Double.isNaN(bHi)) {
            return false;
        }
        int count = olderCount[c];
        double[] los = scratchLo;
        double[] his = scratchHi;
        int q = 0;
        if (jLo[c] <= jHi[c]) {
            los[q] = jLo[c];
            his[q++] = jHi[c];
        }
        for (int i = 0; i < count; i++) {
            int slot = c * OLDER + i;
            double r2 = olderR[slot] - bHi - olderTol[slot];
            if (r2 <= 0) {
                continue;
            }
            double mean = olderMean[slot];
            double radius = Math.sqrt(r2) * (1 - TOLERANCE) - TOLERANCE * Math.abs(mean);
            if (radius <= 0) {
                continue;
            }
            // insertion by lower end
            int j = q++;
            while (j > 0 && los[j - 1] > mean - radius) {
                los[j] = los[j - 1];
                his[j] = his[j - 1];
                j--;
            }
            los[j] = mean - radius;
            his[j] = mean + radius;
        }
        double covered = a;
        for (int i = 0; i < q; i++) {
            if (los[i] > covered) {
                return false;
            }
            if (his[i] >= covered) {
                covered = his[i];
                if (covered >= b) {
                    return true;
                }
            }
        }
        return false;
    }
}
