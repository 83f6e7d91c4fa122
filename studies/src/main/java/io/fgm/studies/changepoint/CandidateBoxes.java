package io.fgm.studies.changepoint;

/**
 * The pruning state of every candidate of {@link MeanVarCostSolver}, indexed by the candidate's
 * position τ: a box of segment means μ and variances v outside which a later candidate beats τ,
 * and the parabola-like region, from τ's optimal predecessor, inside which that predecessor beats
 * τ.
 *
 * <p>Both regions have the form {(μ, v): ln v + (σ² + (μ − x̄)²)/v ≤ d}, which is convex in (μ, v)
 * (multiply by v: v ln v − d·v + σ² + (μ − x̄)² ≤ 0). So the box of the intersection can be bounded
 * in closed form, and a box lies inside the predecessor's region iff its four corners do.
 */
final class CandidateBoxes {
    private static final double TOLERANCE = 1e-9;

    private final double[] muLo;
    private final double[] muHi;
    private final double[] vLo;
    private final double[] vHi;
    private final double[] predMean;
    private final double[] predVar;
    private final double[] predD;
    private final int[] predLen;
    private final double minVariance;

    CandidateBoxes(int size, double minVariance) {
        muLo = new double[size];
        muHi = new double[size];
        vLo = new double[size];
        vHi = new double[size];
        predMean = new double[size];
        predVar = new double[size];
        predD = new double[size];
        predLen = new int[size];
        this.minVariance = minVariance;
    }

    /**
     * Starts candidate s with the whole domain (v ≥ the variance floor) and its predecessor's
     * region ln v + (var + (μ − mean)²)/v ≤ d·(len units), given as {@code d} for the whole
     * predecessor segment of length {@code len} (len 0: none).
     */
    void init(int s, double mean, double var, double d, int len) {
        muLo[s] = Double.NEGATIVE_INFINITY;
        muHi[s] = Double.POSITIVE_INFINITY;
        vLo[s] = minVariance;
        vHi[s] = Double.POSITIVE_INFINITY;
        predMean[s] = mean;
        predVar[s] = var;
        predD[s] = d;
        predLen[s] = len;
    }

    /**
     * Intersects τ's box with the region where τ is not beaten by a later candidate: ln v + (var
     * + (μ − mean)²)/v ≤ d, d already including its tolerance.
     *
     * @return false when the intersection is empty (τ can be dropped)
     */
    boolean narrow(int tau, double mean, double var, double d) {
        double v1 = vLo[tau];
        double v2 = vHi[tau];
        // μ range: (μ − mean)² ≤ max over v in [v1, v2] of v(d − ln v) − var, peak at e^(d−1)
        double peak = Math.exp(d - 1);
        double phi;
        if (peak < v1) {
            phi = v1 * (d - Math.log(v1));
        } else if (peak > v2) {
            phi = v2 * (d - Math.log(v2));
        } else {
            phi = peak;
        }
        double rad2 = phi - var;
        if (!(rad2 >= 0)) {
            return false;
        }
        double rad = Math.sqrt(rad2) * (1 + TOLERANCE) + TOLERANCE * Math.abs(mean);
        double m1 = Math.max(muLo[tau], mean - rad);
        double m2 = Math.min(muHi[tau], mean + rad);
        if (m1 > m2) {
            return false;
        }
        // v range: ln v + c/v ≤ d with c = var + (distance from mean to [m1, m2])²
        double dist = mean < m1 ? m1 - mean : (mean > m2 ? mean - m2 : 0);
        double c = var + dist * dist;
        double upper = Math.E * peak * (1 + TOLERANCE);
        double lower = v1;
        if (c > 0) {
            // y = v/c solves ln y + 1/y ≤ δ; its roots satisfy 1/(δ + ln 2δ) ≤ y1 and y2 ≤ e^δ
            double delta = d - Math.log(c);
            if (delta < 1 - TOLERANCE) {
                return false;
            }
            delta = Math.max(delta, 1);
            lower = Math.max(lower, c / (delta + Math.log(2 * delta)) * (1 - TOLERANCE));
        }
        double n1 = lower;
        double n2 = Math.min(v2, upper);
        if (n1 > n2) {
            return false;
        }
        muLo[tau] = m1;
        muHi[tau] = m2;
        vLo[tau] = n1;
        vHi[tau] = n2;
        return true;
    }

    /**
     * Whether τ's whole box lies inside its predecessor's region, with {@code extra} per point
     * taken off the predecessor's budget (MBIC's b = 1/len at its largest).
     */
    boolean insidePredecessor(int tau, double extra) {
        int len = predLen[tau];
        if (len == 0 || !(vHi[tau] < Double.POSITIVE_INFINITY)
                || muLo[tau] == Double.NEGATIVE_INFINITY
                || muHi[tau] == Double.POSITIVE_INFINITY) {
            return false;
        }
        double d = predD[tau] - extra;
        double mean = predMean[tau];
        double var = predVar[tau];
        double a = muLo[tau] - mean;
        double b = muHi[tau] - mean;
        double q = var + Math.max(a * a, b * b);
        double v1 = vLo[tau];
        double v2 = vHi[tau];
        double slack = TOLERANCE * (Math.abs(d) + 1);
        return Math.log(v1) + q / v1 <= d - slack && Math.log(v2) + q / v2 <= d - slack;
    }
}
