package io.fgm.studies.changepoint;

import java.util.Arrays;

/**
 * Exact optimal partitioning for the {@link CostFunction#MEAN} cost, with or without MBIC's
 * ln(len) term, with functional pruning so that series without changes stay near-linear.
 *
 * <p>The recursion is R's PELT: F(0) = −β, F(t) = min over candidates τ of F(τ) + C(τ, t) + β,
 * ties to the smallest τ, segments at least {@code minSeg} long. Only the pruning differs.
 *
 * <p>Pruning. The value of τ for a segment ending at T is min over (μ, b) of g<sub>τ</sub>(μ, b)
 * plus Σ<sub>t≤i&lt;T</sub>[(x<sub>i</sub> − μ)² + b], where g<sub>τ</sub>(μ, b) = F(τ) + β − ln b
 * − 1 + Σ<sub>τ≤i&lt;t</sub>[(x<sub>i</sub> − μ)² + b]: minimising over b gives b = 1/len and
 * exactly ln(len), so b lives in [1/n, 1/m]. Without MBIC, b is fixed at 0. For τ &lt; s the
 * difference g<sub>τ</sub> − g<sub>s</sub> = F(τ) − F(s) + SSE(τ, s) + len·((μ − x̄)² + b) does not
 * depend on t, so with R = (F(s) − F(τ) − SSE(τ, s))/len:
 *
 * <ul>
 *   <li>a later s beats τ where b &gt; U<sub>s</sub>(μ) = R − (μ − x̄)²; τ keeps the interval I of μ
 *       where U<sub>s</sub>(μ) ≥ b<sub>min</sub> for every later s seen so far;
 *   <li>an older r beats τ where b ≤ V<sub>r</sub>(μ) (same form); at τ's join, the older
 *       candidates give an interval J where V(μ) ≥ b<sub>max</sub>, and τ's optimal predecessor
 *       gives a line: U<sub>s</sub> − V<sub>r</sub> is linear in μ (equal curvature), so V &lt; U
 *       holds on an interval H, narrowed by every later s;
 *   <li>τ is dropped when I ∩ H is empty or inside J: at every (μ, b), and so for every future
 *       segment, another candidate is strictly better or equal and earlier.
 * </ul>
 *
 * This is FPOP's argument (Maidstone et al. 2017) with intervals instead of unions of intervals:
 * every test is conservative (the kept set is a superset of the true one), so the result is the
 * exact optimum. Comparisons use a relative tolerance of 1e-9 on the side of keeping a candidate.
 */
final class MeanCostSolver {
    private static final double TOLERANCE = 1e-9;

    private final PrefixSums sums;
    private final SegmentCost costs;
    private final int n;
    private final int m;
    private final double penalty;
    private final boolean lengthTerm;
    private final double bMax;
    private final double[] f;
    private final int[] last;
    private final CandidateIntervals regions;
    /** The live candidates in ascending order, their slots in {@link #regions}, and SSE(τ, t). */
    private int[] live = new int[64];
    private int[] liveSlot = new int[64];
    private double[] liveSse = new double[64];
    private int k;
    private double[] beatCenter = new double[64];
    private double[] beatRadius = new double[64];
    private double[] beatR = new double[64];
    private double[] beatTol = new double[64];

    private MeanCostSolver(SegmentCost costs, int minSeg, double penalty) {
        this.costs = costs;
        this.sums = costs.sums();
        this.n = sums.size();
        this.m = minSeg;
        this.penalty = penalty;
        this.lengthTerm = costs.lengthTerm();
        this.bMax = lengthTerm ? 1.0 / m : 0;
        SolverWorkspace workspace = SolverWorkspace.forCurrentThread();
        this.f = workspace.f(n + 1);
        this.last = workspace.last(n + 1);
        this.regions = workspace.intervals();
    }

    /** The optimal segmentation of the series behind {@code costs}. */
    static Segmentation solve(SegmentCost costs, int minSeg, double penalty) {
        int n = costs.sums().size();
        if (n < 2 * minSeg) {
            return new Segmentation(new int[0], costs.cost(0, n), 1);
        }
        return new MeanCostSolver(costs, minSeg, penalty).run();
    }

    private Segmentation run() {
        int peak = 0;
        f[0] = -penalty;
        for (int t = m; t <= n; t++) {
            int s = t - m;
            if (s == 0 || s >= m) {
                join(s);
                peak = Math.max(peak, k);
            }
            double best = Double.POSITIVE_INFINITY;
            int bestTau = -1;
            for (int i = 0; i < k; i++) {
                int tau = live[i];
                double c = sums.sse(tau, t);
                liveSse[i] = c;
                if (lengthTerm) {
                    c += costs.lnLength(t - tau);
                }
                double v = SegmentCost.candidateValue(f[tau], c, penalty);
                if (v < best) {
                    best = v;
                    bestTau = tau;
                }
            }
            f[t] = best;
            last[t] = bestTau;
        }
        return Segmentation.backtrack(last, n, f[n], peak);
    }

    /** Candidate s becomes usable: narrow the older candidates' regions, then add s. */
    private void join(int s) {
        if (beatCenter.length < k) {
            beatCenter = new double[2 * k];
            beatRadius = new double[2 * k];
            beatR = new double[2 * k];
            beatTol = new double[2 * k];
        }
        int older = k;
        int kept = 0;
        for (int i = 0; i < older; i++) {
            int tau = live[i];
            int len = s - tau;
            double mean = sums.mean(tau, s);
            // with minSeg 1 the evaluation at s has just computed SSE(tau, s)
            double sse = m == 1 ? liveSse[i] : sums.sse(tau, s);
            double tol = TOLERANCE * (Math.abs(f[s]) + Math.abs(f[tau]) + sse + 1) / len;
            double r = (f[s] - f[tau] - sse) / len;
            // where tau beats s (for s's exclusion interval J)
            double beat = r - bMax - tol;
            beatCenter[i] = mean;
            beatRadius[i] = beat > 0 ? Math.sqrt(beat) * (1 - TOLERANCE) : -1;
            beatR[i] = r;
            beatTol[i] = tol;
            // the older parabolas widen only slowly: test them on every 4th step (valid at any
            // time, so testing less often only delays a drop)
            boolean alive = lengthTerm
                    ? regions.narrow(liveSlot[i], mean, r, 1.0 / (n - tau),
                            (len & 3) == 0 ? 1.0 / (s + m - tau) : Double.NaN, tol, true)
                    : regions.narrow(liveSlot[i], mean, r, 0, Double.NaN, tol, false);
            if (alive) {
                live[kept] = tau;
                liveSlot[kept++] = liveSlot[i];
            } else {
                regions.release(liveSlot[i]);
            }
        }
        k = kept;
        addCandidate(s, older);
    }

    private void addCandidate(int s, int older) {
        double jLo = Double.POSITIVE_INFINITY;
        double jHi = Double.NEGATIVE_INFINITY;
        double predMean = Double.NaN;
        double predR = Double.NaN;
        double predTol = 0;
        if (s > 0) {
            int r = last[s];
            int len = s - r;
            double mean = sums.mean(r, s);
            double sse = sums.sse(r, s);
            double tol = TOLERANCE * (Math.abs(f[s]) + Math.abs(f[r]) + sse + 1) / len;
            double rr = (f[s] - f[r] - sse) / len;
            if (rr - bMax - tol > 0) {
                double radius = Math.sqrt(rr - bMax - tol) * (1 - TOLERANCE);
                jLo = mean - radius;
                jHi = mean + radius;
            }
            predMean = mean;
            predR = rr;
            predTol = tol;
        }
        // extend J by the overlapping intervals of the other older candidates (two passes; any
        // interval inside the union is valid, so stopping early only prunes less); under MBIC,
        // J holds for the shortest future segment only and is nearly always empty: the older
        // parabolas kept in CandidateIntervals do that job
        for (int pass = 0; pass < (lengthTerm ? 0 : 2); pass++) {
            for (int i = 0; i < older; i++) {
                double r = beatRadius[i];
                if (r < 0) {
                    continue;
                }
                double lo = beatCenter[i] - r;
                double hi = beatCenter[i] + r;
                if (jLo > jHi) {
                    jLo = lo;
                    jHi = hi;
                } else if (lo <= jHi && hi >= jLo) {
                    jLo = Math.min(jLo, lo);
                    jHi = Math.max(jHi, hi);
                }
            }
        }
        int slot = regions.claim();
        regions.init(slot, jLo, jHi, predMean, predR, predTol);
        if (lengthTerm) {
            // the nearest older candidates compete most with s; keep their parabolas
            for (int i = older - 1; i >= 0 && i >= older - CandidateIntervals.OLDER; i--) {
                regions.addOlder(slot, beatCenter[i], beatR[i], beatTol[i]);
            }
        }
        if (k == live.length) {
            live = Arrays.copyOf(live, 2 * k);
            liveSlot = Arrays.copyOf(liveSlot, 2 * k);
            liveSse = Arrays.copyOf(liveSse, 2 * k);
        }
        live[k] = s;
        liveSlot[k++] = slot;
    }
}
