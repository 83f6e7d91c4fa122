package io.fgm.studies.changepoint;

import java.util.Arrays;

/**
 * The pruning state of every candidate of {@link MeanCostSolver}, indexed by the candidate's
 * position τ: the interval I of segment means μ where no later candidate has beaten τ yet, the
 * interval H where τ's optimal predecessor does not beat it (MBIC only), and the fixed exclusion
 * interval J where older candidates beat it. Arrays rather than objects keep the inner loop free of
 * allocation and pointer chasing.
 */
final class CandidateIntervals {
    private static final double TOLERANCE = 1e-9;

    private final double[] lo;
    private final double[] hi;
    private final double[] hLo;
    private final double[] hHi;
    private final double[] jLo;
    private final double[] jHi;
    private final double[] predMean;
    private final double[] predR;
    private final double[] predTol;
    /** How many older parabolas each candidate keeps for its MBIC exclusion test. */
    static final int OLDER = 4;

    private final double[] olderMean;
    private final double[] olderR;
    private final double[] olderTol;
    private final int[] olderCount;
    private final double[] scratchLo = new double[OLDER + 1];
    private final double[] scratchHi = new double[OLDER + 1];

    CandidateIntervals(int size) {
        lo = new double[size];
        hi = new double[size];
        hLo = new double[size];
        hHi = new double[size];
        jLo = new double[size];
        jHi = new double[size];
        predMean = new double[size];
        predR = new double[size];
        predTol = new double[size];
        Arrays.fill(predR, Double.NaN);
        olderMean = new double[size * OLDER];
        olderR = new double[size * OLDER];
        olderTol = new double[size * OLDER];
        olderCount = new int[size];
    }

    /**
     * Keeps an older candidate's parabola V(μ) = r − (μ − mean)² for s's MBIC exclusion test (at
     * most {@link #OLDER}; later calls are ignored).
     */
    void addOlder(int s, double mean, double r, double tol) {
        int count = olderCount[s];
        if (count < OLDER) {
            int slot = s * OLDER + count;
            olderMean[slot] = mean;
            olderR[slot] = r;
            olderTol[slot] = tol;
            olderCount[s] = count + 1;
        }
    }

    /**
     * Starts candidate s with unbounded I and H, exclusion interval [jLo, jHi] (empty if jLo &gt;
     * jHi) and its predecessor's parabola V(μ) = predR − (μ − predMean)² (predR NaN if none).
     */
    void init(int s, double jLo, double jHi, double predMean, double predR, double predTol) {
        lo[s] = Double.NEGATIVE_INFINITY;
        hi[s] = Double.POSITIVE_INFINITY;
        hLo[s] = Double.NEGATIVE_INFINITY;
        hHi[s] = Double.POSITIVE_INFINITY;
        this.jLo[s] = jLo;
        this.jHi[s] = jHi;
        this.predMean[s] = predMean;
        this.predR[s] = predR;
        this.predTol[s] = predTol;
        olderCount[s] = 0;
        if (!Double.isNaN(predR)) {
            addOlder(s, predMean, predR, predTol);
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
            int tau, double mean, double r, double bLo, double bHi, double tol, boolean useLine) {
        double q = r - bLo + tol;
        if (q < 0) {
            return false;
        }
        double radius = Math.sqrt(q);
        double slack = TOLERANCE * (Math.abs(mean) + radius);
        double newLo = Math.max(lo[tau], mean - radius - slack);
        double newHi = Math.min(hi[tau], mean + radius + slack);
        if (newLo > newHi) {
            return false;
        }
        double newHLo = hLo[tau];
        double newHHi = hHi[tau];
        double pr = predR[tau];
        if (useLine && !Double.isNaN(pr)) {
            // V < U  <=>  2δν > pr − r + δ²  with ν = μ − predMean, δ = mean − predMean
            double pm = predMean[tau];
            double delta = mean - pm;
            double rhs = pr - r + delta * delta;
            double rhsTol = tol + predTol[tau];
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
        if (a > b || excluded(tau, a, b, bHi)) {
            return false;
        }
        lo[tau] = newLo;
        hi[tau] = newHi;
        hLo[tau] = newHLo;
        hHi[tau] = newHHi;
        return true;
    }

    /**
     * Whether [a, b] lies inside the set where older candidates beat τ: J, and under MBIC the
     * intervals {V<sub>r</sub> ≥ bHi} of the older parabolas kept for τ, which widen as τ's
     * shortest possible future segment grows (bHi = 1/len falls).
     */
    private boolean excluded(int tau, double a, double b, double bHi) {
        if (jLo[tau] <= a && b <= jHi[tau]) {
            return true;
        }
        if (Double.isNaN(bHi)) {
            return false;
        }
        int count = olderCount[tau];
        double[] los = scratchLo;
        double[] his = scratchHi;
        int q = 0;
        if (jLo[tau] <= jHi[tau]) {
            los[q] = jLo[tau];
            his[q++] = jHi[tau];
        }
        for (int i = 0; i < count; i++) {
            int slot = tau * OLDER + i;
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
