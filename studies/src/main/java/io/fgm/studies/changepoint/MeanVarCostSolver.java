package io.fgm.studies.changepoint;

import java.util.Arrays;

/**
 * Exact optimal partitioning for the {@link CostFunction#MEAN_VAR} cost, with or without MBIC's
 * ln(len) term. The recursion is R's PELT (see {@link MeanCostSolver}); the pruning is functional
 * over the segment's mean and variance.
 *
 * <p>The cost len·(ln 2π + ln σ̂² + 1) is the minimum over (μ, v) of Σ[ln 2π + ln v + (x − μ)²/v],
 * so as in {@link MeanCostSolver} a later candidate s beats τ outside a region of (μ, v) that does
 * not depend on the end of the segment, and older candidates beat τ inside other ones.
 * {@link CandidateSlabs} tracks both per slab of variances and drops τ when nothing is left. Under
 * MBIC the extra parameter b = 1/len is bounded as in {@link MeanCostSolver}: at least 1/(n − τ)
 * for the later candidates' regions, and at most 1/(t − τ) for the older ones', which are
 * recomputed each time the candidate's age doubles.
 *
 * <p>Looking ahead. Functional pruning alone keeps a candidate as long as some (μ, v) is left
 * where it could still win, even where its own segment will never fit: on long stretches without
 * change that is roughly t/β candidates. The solver runs offline, so it also knows where the fit of
 * τ's segment goes for every future end T: at ages 16, 32, 64, … and every 256 steps (from 32
 * on, since a candidate has slabs only from then, see below), {@link FutureFits} checks whether
 * all of those fits lie where τ has already lost, and drops τ if so.
 * There, MBIC's length terms are taken exactly for the older regions remembered per candidate
 * ({@link CandidateSlabs#lostWithin}), not through the b relaxation. On 28,800 noise points this
 * cut the peak number of candidates from 228 to 98 under BIC and from 1,352 to 160 under MBIC
 * (with 8 + 8 older regions and 8 fine slabs per side; with the present 4 + 2 and 4, the peaks are
 * 133 and 209, for less work per candidate).
 *
 * <p>Deferred slabs. A candidate gets its slabs only at age {@link #DEFER}; until then it is
 * evaluated and checked against PELT's inequality, made exact for this cost ({@link
 * #ruleOutByInequality}). At promotion it takes the exclusions of its predecessor and of the
 * nearest and oldest live older candidates, under MBIC with b ≤ 1/age (its segments are at least
 * that long from then on), and is narrowed by every later candidate that has joined meanwhile:
 * F is final, so a late narrowing is as valid as one on time.
 *
 * <p>Skipped evaluations. Each look-ahead check returns how far τ is shown to lose ({@link
 * FutureFits#provenUntil}); τ is not evaluated before that end (it cannot be the optimum there),
 * and the next check resumes from it.
 *
 * <p>Under MBIC, to bound the narrowing work, a candidate is narrowed at every step while young
 * and then on a stride that grows with its age ({@link #narrowsAt}); that only delays drops, it
 * never drops wrongly.
 *
 * <p>The variance floor (1e-11) breaks that identity for segments whose variance is below it, so:
 *
 * <ul>
 *   <li>a candidate s is used to beat others only after its certificate: the first end T with
 *       SSE(s, T) &gt; 2·n·1e-11, after which no segment starting at s can be floored (the SSE of a
 *       growing segment never falls);
 *   <li>in a floored stretch every segment costs at least len·(ln 2π + ln 1e-11 + 1), so when a
 *       floored candidate r is better than that lower bound of a later candidate s, s cannot win
 *       while r stays floored: s is suspended (not evaluated) until r's segment stops being
 *       floored. This keeps exactly constant series (an idle CPU at 0) linear.
 * </ul>
 */
final class MeanVarCostSolver {
    private static final double TOLERANCE = 1e-9;
    /**
     * Older candidates whose regions extend a joining candidate's exclusion intervals: the
     * nearest ones (they compete most) and the oldest ones (they carry the no-change hypothesis).
     * Each costs a walk over the slabs at every promotion (and under MBIC at every refresh); 8 + 8
     * kept fewer candidates than 4 + 2 but cost more than they saved (2026-11-25, 28,800 points: 10–30%
     * slower, see the README).
     */
    private static final int NEAR = 4;

    private static final int OLDEST = 2;

    /** Narrowings per doubling of a candidate's age, see {@link #narrowsAt}. */
    private static final int YOUNG = 16;

    /**
     * Ages at which a candidate is checked against its future fits: 16, 32, 64, …, and every
     * {@link #FUTURE_STRIDE} steps. Checking every 16 steps pruned a little more but cost more
     * than it saved on series with changes, where the check walks far before it fails.
     */
    static final int FUTURE_EVERY = 16;

    static final int FUTURE_STRIDE = 256;

    /**
     * Age at which a candidate gets its slabs. Younger ones are only evaluated and ruled out by
     * PELT's inequality ({@link #ruleOutByInequality}); with changes or a low penalty most of
     * them die young, and they never pay for slabs, exclusions and narrowings. 32 rather than 16
     * or 64 (2026-11-25, 28,800 points, CPU time): 64 and 128 were faster again under a penalty
     * of 10 (−15 to −40%) but slower on noise and few changes under BIC (+9 to +43%), 16 slower
     * everywhere.
     */
    static final int DEFER = 32;

    private final PrefixSums sums;
    private final SegmentCost costs;
    private final int n;
    private final int m;
    private final double penalty;
    private final boolean lengthTerm;
    private final double[] lnLengths;
    private final double[] f;
    private final int[] last;
    private final int[] certificate;
    /** Per candidate, the first end from which the look-ahead has not shown it lost. */
    private final int[] proven;
    /** Per candidate, the first end from which PELT's inequality rules it out. */
    private final int[] dies;
    private double[] values = new double[64];
    private final CandidateSlabs slabs;
    private final SuspendedCandidates suspended;
    private final FutureFits future;
    private final FutureFits.LossTest lossTest;
    private int[] live = new int[64];
    private int k;

    private MeanVarCostSolver(SegmentCost costs, int minSeg, double penalty, boolean lookAhead) {
        this.costs = costs;
        this.sums = costs.sums();
        this.n = sums.size();
        this.m = minSeg;
        this.penalty = penalty;
        this.lengthTerm = costs.lengthTerm();
        SolverWorkspace workspace = SolverWorkspace.forCurrentThread();
        this.f = workspace.f(n + 1);
        this.last = workspace.last(n + 1);
        this.certificate = workspace.certificate(n + 1);
        this.proven = workspace.provenUntil(n + 1);
        this.dies = workspace.dies(n + 1);
        this.slabs = workspace.slabs(n);
        this.lnLengths = costs.lnLengths();
        slabs.lengthLogs(lnLengths);
        this.suspended = new SuspendedCandidates();
        this.future = lookAhead ? new FutureFits(sums, SegmentCost.MIN_VARIANCE, workspace) : null;
        this.lossTest = (tau, muLo, muHi, vLo, vHi, endLo) ->
                slabs.lostWithin(tau, muLo, muHi, vLo, vHi, endLo, lengthTerm);
    }

    /** The optimal segmentation of the series behind {@code costs}. */
    static Segmentation solve(SegmentCost costs, int minSeg, double penalty) {
        return solve(costs, minSeg, penalty, true);
    }

    /** As {@link #solve(SegmentCost, int, double)}; without {@code lookAhead}, functional pruning only. */
    static Segmentation solve(SegmentCost costs, int minSeg, double penalty, boolean lookAhead) {
        int n = costs.sums().size();
        if (n < 2 * minSeg) {
            return new Segmentation(new int[0], costs.cost(0, n), 1);
        }
        return new MeanVarCostSolver(costs, minSeg, penalty, lookAhead).run();
    }

    private Segmentation run() {
        int peak = 0;
        f[0] = -penalty;
        for (int t = m; t <= n; t++) {
            if (live.length < k + suspended.size() + 2) {
                live = Arrays.copyOf(live, 2 * (k + suspended.size()) + 2);
            }
            k = suspended.release(t, this, live, k);
            int s = t - m;
            if (s == 0 || s >= m) {
                join(s, t);
            }
            peak = Math.max(peak, k + suspended.size());
            evaluate(t);
        }
        return Segmentation.backtrack(last, n, f[n], peak);
    }

    /** Whether the segment [r, t) has its variance at or below the floor. */
    boolean floored(int r, int t) {
        return sums.sse(r, t) / (t - r) <= SegmentCost.MIN_VARIANCE;
    }

    private void join(int s, int t) {
        certificate[s] = certificateOf(s);
        boolean sBeats = certificate[s] <= t;
        int kept = 0;
        for (int i = 0; i < k; i++) {
            int tau = live[i];
            if (!sBeats || !slabs.has(tau)) {
                // a young candidate has no slabs yet: it catches up when promoted
                live[kept++] = tau;
                continue;
            }
            int len = s - tau;
            boolean refresh = lengthTerm && Integer.bitCount(t - tau) == 1 && t - tau >= 4;
            if (lengthTerm && !refresh && !narrowsAt(len)) {
                live[kept++] = tau;
                continue;
            }
            if (refresh) {
                // tau's future segments are now at least t − tau long: b ≤ 1/(t − tau)
                slabs.refreshExclusions(tau, 1.0 / (t - tau));
            }
            if (narrowBy(tau, s, refresh)) {
                live[kept++] = tau;
            } else {
                slabs.release(tau);
            }
        }
        k = kept;
        promoteYoung(t);
        if (future != null) {
            dropLosersForEveryEnd(t);
        }
        addCandidate(s, t);
    }

    /**
     * Narrows τ with the later candidate s: s beats τ outside ln v + (var + (μ − mean)²)/v ≤
     * budget − b, b ≥ 1/(n − τ), for every end from s's certificate on.
     *
     * @return false when τ has lost everywhere
     */
    private boolean narrowBy(int tau, int s, boolean recheck) {
        int len = s - tau;
        double mean = sums.mean(tau, s);
        double var = sums.sse(tau, s) / len;
        double budget = (f[s] - f[tau]) / len - SegmentCost.LN_2PI;
        double tol = TOLERANCE * (Math.abs(f[s]) + Math.abs(f[tau]) + 1) / len;
        double d = budget + tol - (lengthTerm ? 1.0 / (n - tau) : 0);
        return slabs.narrow(tau, mean, var, d, recheck);
    }

    /**
     * Gives slabs to the young candidates that have reached {@link #DEFER} steps, or drops them
     * if the narrowings they missed already rule them out.
     */
    private void promoteYoung(int t) {
        int kept = 0;
        for (int i = 0; i < k; i++) {
            int tau = live[i];
            if (!slabs.has(tau) && t - tau >= DEFER && !promote(tau, t, kept)) {
                continue;
            }
            live[kept++] = tau;
        }
        k = kept;
    }

    /**
     * Drops the candidates that have already lost at the fit of their segment for every future end
     * ({@link FutureFits}), at the ages given by {@link #FUTURE_EVERY} and {@link #FUTURE_STRIDE}.
     */
    private void dropLosersForEveryEnd(int t) {
        int kept = 0;
        for (int i = 0; i < k; i++) {
            int tau = live[i];
            int age = t - tau;
            if (age >= FUTURE_EVERY && ((age & (age - 1)) == 0 || age % FUTURE_STRIDE == 0)
                    && slabs.has(tau)) {
                int until = future.provenUntil(tau, t, Math.max(t, proven[tau]), lossTest);
                if (until > n) {
                    slabs.release(tau);
                    continue;
                }
                proven[tau] = until;
            }
            live[kept++] = tau;
        }
        k = kept;
    }

    /**
     * Under MBIC, whether a candidate of age {@code len} is narrowed by the joining candidate
     * (under the other penalties it always is): always while it is young, then on a stride that doubles each time its age doubles (about {@link #YOUNG}
     * narrowings per doubling). Skipping a narrowing leaves a superset of the region where the
     * candidate can still win, so the answer stays exact; the price is candidates kept longer
     * (28,800 noise points: peak 228 → 474 under BIC, 1,238 → 1,352 under MBIC). Measured on that
     * series it cuts MBIC's time by about a third (the narrowing dominates there) but not BIC's or
     * a manual penalty's (cheaper steps, more candidates: 0–20% slower), hence MBIC only. Neither the stride nor the gap of the joining
     * candidate helps choose the decisive regions: on noise almost every kept candidate is within
     * 0.2·β of being pruned by PELT's rule, and drops come from intersecting many regions.
     */
    private static boolean narrowsAt(int len) {
        return len < 2 * YOUNG || (len & (Integer.highestOneBit(len / YOUNG) - 1)) == 0;
    }

    private void addCandidate(int s, int t) {
        slabs.unclaimed(s);
        proven[s] = 0;
        dies[s] = Integer.MAX_VALUE;
        if (k == live.length) {
            live = Arrays.copyOf(live, 2 * k);
        }
        live[k++] = s;
        if (DEFER == 0 && !promote(s, t, k - 1)) {
            k--;
        }
    }

    /**
     * Gives τ its slabs at step t: centred on the local variance, with the exclusions of its
     * predecessor and of the nearest and oldest older candidates in {@code live[0, older)}, then
     * narrowed by every later candidate that has joined since τ did (their F values are final, so
     * a narrowing is as valid late as on time).
     *
     * @return false when τ has already lost everywhere (its slot is then released)
     */
    private boolean promote(int tau, int t, int older) {
        int r = tau == 0 ? 0 : last[tau];
        int len = tau - r;
        // centre the slabs on the local variance: the predecessor's segment when it is long
        // enough to estimate it, else the last 64 values
        int from = len >= 64 ? r : Math.max(0, tau - 64);
        int span = tau - from;
        double v0 = span >= 2 ? sums.sse(from, tau) / span : 1;
        // a region from a segment of that length spans about ±√(2β/len) in relative variance
        double width = Math.min(0.5,
                Math.max(0.002, 0.3 * Math.sqrt(2 * Math.max(penalty, 1) / Math.max(span, 2))));
        slabs.init(tau, v0, width);
        // MBIC: tau's segments from now on are at least t − tau long, so b ≤ 1/(t − tau)
        double b = lengthTerm ? 1.0 / Math.max(m, t - tau) : 0;
        if (tau > 0 && certificate[r] <= t) {
            excludeOlder(tau, r, b, false);
        }
        for (int i = 0; i < older; i++) {
            int q = live[i];
            if ((i >= older - NEAR || i < OLDEST) && certificate[q] <= t) {
                // q beats tau where ln v + (var + (μ − mean)²)/v ≤ budget − b, b ≤ 1/(t − tau)
                excludeOlder(tau, q, b, i >= OLDEST);
            }
        }
        // newest first: their segments [tau, s) are the longest, so their regions the tightest, and
        // a candidate that dies dies after fewer narrowings (5–15% faster than oldest first, same
        // result: each slab keeps the intersection, whatever the order)
        for (int s = t - m; s >= Math.max(tau + 1, m); s--) {
            if (certificate[s] <= t && !narrowBy(tau, s, false)) {
                slabs.release(tau);
                return false;
            }
        }
        return true;
    }

    private void excludeOlder(int tau, int r, double b, boolean near) {
        int len = tau - r;
        double tol = TOLERANCE * (Math.abs(f[tau]) + Math.abs(f[r]) + 1) / len;
        double d = (f[tau] - f[r]) / len - SegmentCost.LN_2PI - tol;
        double mean = sums.mean(r, tau);
        double var = sums.sse(r, tau) / len;
        slabs.exclude(tau, mean, var, d - b, near);
        slabs.remember(tau, mean, var, d, len, near);
    }

    /**
     * The first end T ≥ s + m after which no segment starting at s is floored: SSE(s, T) &gt;
     * 2·n·floor, found by binary search since the SSE of a growing segment never falls; n + 1 if
     * there is none.
     */
    private int certificateOf(int s) {
        double threshold = 2.0 * n * SegmentCost.MIN_VARIANCE;
        int lo = s + m;
        if (sums.sse(s, lo) > threshold) {
            return lo;
        }
        if (sums.sse(s, n) <= threshold) {
            return n + 1;
        }
        int hi = n;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (sums.sse(s, mid) > threshold) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private void evaluate(int t) {
        double best = Double.POSITIVE_INFINITY;
        int bestTau = -1;
        double flooredBest = Double.POSITIVE_INFINITY;
        int flooredTau = -1;
        int kept = 0;
        if (values.length < k) {
            values = new double[live.length];
        }
        for (int i = 0; i < k; i++) {
            int tau = live[i];
            if (dies[tau] <= t) {
                if (slabs.has(tau)) {
                    slabs.release(tau);
                }
                continue;
            }
            values[kept] = Double.NaN;
            if (proven[tau] > t) {
                // shown to lose at t by the look-ahead: not the optimum, no need for its value
                live[kept++] = tau;
                continue;
            }
            int len = t - tau;
            double sse = sums.sse(tau, t);
            double lnLen = costs.lnLength(len);
            double c = SegmentCost.meanVarCost(sse, len) + (lengthTerm ? lnLen : 0);
            double v = SegmentCost.candidateValue(f[tau], c, penalty);
            if (flooredTau >= 0) {
                // no segment costs less than the floored cost: tau loses to flooredTau while
                // flooredTau's segment stays floored
                double bound = f[tau] + len * SegmentCost.FLOORED_COST_PER_POINT + penalty
                        + (lengthTerm ? lnLen : 0);
                if (bound > flooredBest + TOLERANCE * (Math.abs(bound) + 1)) {
                    suspended.add(flooredTau, tau);
                    continue;
                }
            }
            if (v < best || (v == best && tau < bestTau)) {
                best = v;
                bestTau = tau;
            }
            if (sse / len <= SegmentCost.MIN_VARIANCE) {
                if (v < flooredBest) {
                    flooredBest = v;
                    flooredTau = tau;
                }
            } else if (lengthTerm) {
                values[kept] = v - lnLen;
            } else {
                values[kept] = v;
            }
            live[kept++] = tau;
        }
        k = kept;
        if (bestTau < 0) {
            throw new IllegalStateException("no candidate left at " + t);
        }
        ruleOutByInequality(t, best);
        f[t] = best;
        last[t] = bestTau;
    }

    /**
     * PELT's inequality, made exact for this cost: τ loses to t at every end T ≥ t + m when
     * F(τ) + G(τ, t) + ln((n − τ)/(n − t)) &gt; F(t), G being the cost without MBIC's ln(len).
     * Why: when neither [τ, t) nor any [t, T) is floored, G(τ, T) ≥ G(τ, t) + G(t, T) (each is a
     * minimum over (μ, v ≥ floor) of a sum of per-point terms), and MBIC charges τ ln(T − τ)
     * against t's ln(T − t), at least ln((n − τ)/(n − t)) more. (R uses the same rule with K = 0
     * and the full ln(len), which is not a bound.) {@code values} holds F(τ) + G(τ, t) + β of
     * each live candidate, NaN when it was not evaluated or is floored.
     */
    private void ruleOutByInequality(int t, double best) {
        if (t + m > n || !(sums.sse(t, t + m) > 2.0 * n * SegmentCost.MIN_VARIANCE)) {
            return; // a floored [t, T) breaks the inequality
        }
        double bar = best + penalty + TOLERANCE * (Math.abs(best) + penalty + 1);
        for (int i = 0; i < k; i++) {
            int tau = live[i];
            double v = values[i];
            if (lengthTerm) {
                // a lower bound of ln((n − τ)/(n − t)) from the table (a log1p per candidate
                // and step was 2% of the time under MBIC)
                v += SegmentCost.lnRatioAtLeast(lnLengths, n - tau, n - t);
            }
            if (v > bar) {
                dies[tau] = Math.min(dies[tau], t + m);
            }
        }
    }
}
