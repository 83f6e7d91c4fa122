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
 * <p>Rivals (2026-11-25). Before it gets slabs (at age {@link #RIVAL_AGE}, at {@link #DEFER} and
 * when it wakes up), a young candidate is checked against a few rivals for every future end at
 * once ({@link #lostToRivals}, over {@link FutureFits}'s boxes): its predecessor and the oldest
 * live candidate, through the likelihood-ratio statistic of a change at τ within [q, T), bounded
 * at a pooled fit; the latest optimal changepoint and the newest candidate, through their
 * regions. A candidate that loses at every end is dropped; otherwise it is parked, neither
 * evaluated nor narrowed, until the first end where it is not shown to lose, and checked again
 * there. On 28,800 noise points this drops almost every candidate without slabs.
 *
 * <p>Shared walks (2026-11-25, {@link #GROUP}). Consecutive candidates with the same predecessor
 * make the far part of their first check as one walk, and candidates that wake up together make
 * their check as one walk, on boxes that hold all their fits: the predecessor's bound for all of
 * them at once, else each member's own rivals. A member is parked where the shared walk stops.
 * On 28,800 points this cut the rival tests of the checks by 45% (few changes) to 70% (noise).
 *
 * <p>Evaluations first take a lower bound of ln σ² without a logarithm ({@link
 * SegmentCost#lnAtMost}); a candidate whose bound already exceeds the best value so far is not the
 * optimum, and the exact value (the same bits as before) is computed only for the others.
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

    /**
     * Age at which a young candidate whose predecessor's segment is at least {@link #MIN_RUN}
     * long is first checked against its rivals ({@link #losesToRivalsForEveryEnd}), and again at
     * {@link #DEFER} and whenever it wakes up. 16 rather than 32 or 8 (2026-11-25, 28,800 points,
     * CPU time): 20–25% less on noise than 32, the same elsewhere; 8 slower under a penalty of 10.
     */
    static final int RIVAL_AGE = 16;

    /**
     * Shortest predecessor segment for the rival check: with changes every ~100 points (the
     * "many" benchmark series) the check almost never kills and cost 15–20% more than the
     * promotions it replaced; from 128 on it is skipped there.
     */
    static final int MIN_RUN = 128;

    /**
     * Smallest margin F(τ) − F(q) − G(q, τ) of the predecessor q (β, plus ln len under MBIC) for
     * the rival check: under a penalty of 10 it killed too few candidates to pay for its walks
     * (10–40% slower than promoting them, 2026-11-25); BIC and MBIC give 3·ln n and 4·ln n + ln len.
     */
    static final double MIN_BUDGET = 15;

    /** Block size of the rival check's walk: up to the segment's length (2^-0). */
    private static final int RIVAL_SHIFT = 0;

    /**
     * Most narrowings a promotion catches up on, newest first. A candidate parked for a long time
     * would otherwise be narrowed by thousands; fewer narrowings only leave a larger region.
     */
    private static final int CATCH_UP = 64;

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
    /**
     * Rivals of the candidate being checked by {@link #lostToRivals}: older ones (its optimal
     * predecessor, the oldest live candidate) and later ones (see {@link #addLaterRival}).
     */
    private static final int RIVALS = 4;

    // per member m of a shared walk, its rivals from rb = m·RIVALS on (rb = 0 for a single check)
    private final int[] rivalAt = new int[RIVALS * GROUP];
    private final boolean[] rivalLater = new boolean[RIVALS * GROUP];
    /** τ − q for an older rival q, s − τ for a later rival s. */
    private final int[] rivalLen = new int[RIVALS * GROUP];
    /** Mean and variance of [q, τ) (older) or [τ, s) (later). */
    private final double[] rivalMean = new double[RIVALS * GROUP];
    private final double[] rivalVar = new double[RIVALS * GROUP];
    private final double[] rivalInv = new double[RIVALS * GROUP];
    private final double[] rivalBudget = new double[RIVALS * GROUP];
    private int rivals;
    private int rb;
    /** The rival that won the last box: tried first, it usually wins the next one too. */
    private int lastWinner;
    private final FutureFits.LossTest rivalTest;
    /** Candidates parked until an end (see {@link #park}), as lists per end. */
    private final int[] parkedHead;
    private final int[] parkedNext;
    private int parkedCount;
    private int[] woken = new int[16];
    /**
     * Shared walks (2026-11-25): consecutive young candidates with the same optimal predecessor q
     * share the far part of their first rival check (the ends from {@link #GROUP_REACH} after the
     * first of them on, aligned to {@link #GROUP_ALIGN}), and candidates that wake up together
     * share their check at wake-up, on boxes that hold every member's fits. Each member's own
     * walk covers only the ends before the shared part; where the shared walk stops, the members
     * are parked together, and wake up together. Up to 16 members: the box widens with their
     * spread, which is small against their length from 64 on.
     */
    static final int GROUP = 16;

    static final int GROUP_REACH = 64;

    static final int GROUP_ALIGN = 32;

    // the shared walk at wake-up made at step wakeStep for [wakeLo, wakeHi]: shown until wakeUntil
    private int wakeStep = -1;
    private int wakeLo;
    private int wakeHi;
    private int wakeUntil;
    /** Members of the shared walk being made, with their number of rivals and first rival. */
    private final int[] members = new int[GROUP];
    private final int[] memberRivals = new int[GROUP];
    private final int[] memberWinner = new int[GROUP];
    private int memberCount;
    private int groupPredecessor;
    private final FutureFits.LossTest sharedTest = this::sharedLost;

    // the shared walk of the first checks: its members [groupLo, groupHi] with predecessor groupQ
    // are shown to lose at every end in [groupFrom, groupUntil)
    private int groupQ = -1;
    private int groupLo;
    private int groupHi;
    private int groupFrom;
    private int groupUntil;
    // the members' common predecessor: the range of their fits of [q, τ), the smallest margin
    private double groupMuLo;
    private double groupMuHi;
    private double groupInvLo;
    private double groupInvHi;
    private double groupBudget;


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
        this.parkedHead = workspace.parkedHead(n + 2);
        this.parkedNext = workspace.parkedNext(n + 1);
        this.slabs = workspace.slabs(n);
        this.lnLengths = costs.lnLengths();
        slabs.lengthLogs(lnLengths);
        this.suspended = new SuspendedCandidates();
        this.future = lookAhead ? new FutureFits(sums, SegmentCost.MIN_VARIANCE, workspace) : null;
        this.lossTest = (tau, muLo, muHi, vLo, vHi, endLo, endHi) ->
                slabs.lostWithin(tau, muLo, muHi, vLo, vHi, endLo, lengthTerm);
        this.rivalTest = this::lostToRivals;
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
        Arrays.fill(parkedHead, 0, n + 2, -1);
        for (int t = m; t <= n; t++) {
            if (live.length < k + suspended.size() + 2) {
                live = Arrays.copyOf(live, 2 * (k + suspended.size()) + 2);
            }
            k = suspended.release(t, this, live, k);
            if (parkedHead[t] >= 0) {
                wake(t);
            }
            int s = t - m;
            if (s == 0 || s >= m) {
                join(s, t);
            }
            peak = Math.max(peak, k + suspended.size() + parkedCount);
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
     * Checks the young candidates against their rivals at age {@link #RIVAL_AGE} and from {@link
     * #DEFER} on (dropping or parking them), and gives slabs to those of age {@link #DEFER} or
     * more that the check keeps, or drops them if the narrowings they missed already rule them out.
     */
    private void promoteYoung(int t) {
        int kept = 0;
        for (int i = 0; i < k; i++) {
            int tau = live[i];
            int age = t - tau;
            if (!slabs.has(tau) && (age >= DEFER || age == RIVAL_AGE)) {
                if (future != null) {
                    if (proven[tau] > t) {
                        // shown to lose until then: wait, neither evaluated nor promoted
                        live[kept++] = tau;
                        continue;
                    }
                    int shared = proven[tau] == t ? sharedWake(i, t, kept) : t;
                    if (shared > n) {
                        continue;
                    }
                    if (shared > t) {
                        proven[tau] = shared;
                        park(tau, shared);
                        continue;
                    }
                    if (losesToRivalsForEveryEnd(tau, t, kept)) {
                        continue;
                    }
                    if (proven[tau] > t) {
                        park(tau, proven[tau]);
                        continue;
                    }
                }
                if (age < DEFER) {
                    live[kept++] = tau;
                    continue;
                }
                if (!promote(tau, t, kept)) {
                    continue;
                }
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
        // the newest first: its segment [tau, s) is the longest, so its region the tightest (most
        // deaths at promotion come there); then from the oldest up, which ends the others sooner
        // than going on down (many changes 10–15% faster under MBIC and a penalty of 10,
        // 2026-11-25; same result: each slab keeps the intersection, whatever the order)
        int lowest = Math.max(Math.max(tau + 1, m), t - m - CATCH_UP);
        int newest = t - m;
        if (newest >= lowest && certificate[newest] <= t && !narrowBy(tau, newest, false)) {
            slabs.release(tau);
            return false;
        }
        for (int s = lowest; s < newest; s++) {
            if (certificate[s] <= t && !narrowBy(tau, s, false)) {
                slabs.release(tau);
                return false;
            }
        }
        return true;
    }

    /**
     * Whether τ loses to one of its rivals at every end T ≥ t, shown without slabs: see {@link
     * #lostToRivals}. When not, the ends where it is shown to lose are remembered in {@code
     * proven}. Skipped after short segments ({@link #MIN_RUN}) and small penalties ({@link
     * #MIN_BUDGET}), where it rarely kills.
     */
    private boolean losesToRivalsForEveryEnd(int tau, int t, int older) {
        rb = 0;
        if (!setUpRivals(tau, t, older)) {
            return false;
        }
        int start = Math.max(t, proven[tau]);
        int until;
        if (proven[tau] == 0 && sharedWalk(tau, t, older)) {
            // alone up to the shared walk's start
            until = future.provenUntil(tau, t, start, groupFrom, RIVAL_SHIFT, true, rivalTest);
            if (until == groupFrom) {
                // parked until the shared walk's end, with the other members: they wake up together
                // and share their next check (walking on alone from there cost more)
                until = groupUntil;
            }
        } else {
            until = future.provenUntil(tau, t, start, RIVAL_SHIFT, true, rivalTest);
        }
        if (until > n) {
            return true;
        }
        proven[tau] = until;
        return false;
    }

    /**
     * Whether τ's first rival check can use a shared walk (see {@link #GROUP}): the one already
     * made for a group that holds τ, or a new one for τ and the next candidates with the same
     * optimal predecessor q whose F is final (up to t − 1), each with the rivals it would have at
     * t. The shared walk covers the ends from {@code groupFrom} (at least {@link #GROUP_REACH}
     * after τ) and stops at {@code groupUntil}.
     */
    private boolean sharedWalk(int tau, int t, int older) {
        int q = last[tau];
        if (groupQ == q && tau >= groupLo && tau <= groupHi) {
            return groupFrom > t;
        }
        groupQ = -1;
        int from = ((tau + GROUP_REACH) | (GROUP_ALIGN - 1)) + 1;
        if (from > n) {
            return false;
        }
        int count = 0;
        for (int r = tau; r < t && count < GROUP && last[r] == q; r++) {
            if (!addMember(r, t, older, count)) {
                break;
            }
            count++;
        }
        rb = 0;
        if (count == 0) {
            return false;
        }
        groupQ = q;
        groupLo = tau;
        groupHi = members[count - 1];
        groupFrom = from;
        groupUntil = sharedWalk(count, from);
        // τ's own walk follows: back to its rivals (the other members' set-up and the shared walk
        // left theirs in the rival state)
        rb = 0;
        rivals = memberRivals[0];
        lastWinner = memberWinner[0];
        return true;
    }

    /**
     * Sets up the rivals of member {@code j} of a shared walk, τ = r; false when r is not to be
     * checked or its predecessor's margin is not positive.
     */
    private boolean addMember(int r, int t, int older, int j) {
        rb = j * RIVALS;
        if (!setUpRivals(r, t, older) || rivalAt[rb] != last[r]) {
            return false;
        }
        memberRivals[j] = rivals;
        memberWinner[j] = lastWinner;
        members[j] = r;
        return true;
    }

    /**
     * The shared walk of members[0, count) from {@code start}: the bound of their common
     * predecessor q for all of them at once ({@link #groupLost}), else every member's own rival
     * check, on boxes that hold every member's fits ({@link FutureFits#provenUntilForAll}).
     */
    private int sharedWalk(int count, int start) {
        memberCount = count;
        double muLo = Double.POSITIVE_INFINITY;
        double muHi = Double.NEGATIVE_INFINITY;
        double invLo = Double.POSITIVE_INFINITY;
        double invHi = Double.NEGATIVE_INFINITY;
        double budget = Double.POSITIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            int r = j * RIVALS; // the predecessor is each member's first rival
            muLo = Math.min(muLo, rivalMean[r]);
            muHi = Math.max(muHi, rivalMean[r]);
            invLo = Math.min(invLo, rivalInv[r]);
            invHi = Math.max(invHi, rivalInv[r]);
            budget = Math.min(budget, rivalBudget[r]);
        }
        groupPredecessor = rivalAt[0];
        groupMuLo = muLo;
        groupMuHi = muHi;
        groupInvLo = invLo;
        groupInvHi = invHi;
        groupBudget = budget;
        return future.provenUntilForAll(members[0], members[count - 1], start, RIVAL_SHIFT,
                sharedTest);
    }

    /** Whether every member of the shared walk loses on the box (see {@link #sharedWalk}). */
    private boolean sharedLost(int lo, double muLo, double muHi, double vLo, double vHi, int endLo,
            int endHi) {
        if (groupLost(lo, muLo, muHi, vLo, vHi, endLo, endHi)) {
            return true;
        }
        boolean lost = true;
        for (int j = 0; j < memberCount && lost; j++) {
            rb = j * RIVALS;
            rivals = memberRivals[j];
            lastWinner = memberWinner[j];
            lost = lostToRivals(members[j], muLo, muHi, vLo, vHi, endLo, endHi);
            memberWinner[j] = lastWinner;
        }
        rb = 0;
        return lost;
    }

    /**
     * The older-rival bound of {@link #lostToRivals} at θ' = θ_q, for every member τ of the group
     * at once: the largest |μ − μ_q| and 1/v_q over the members' fits θ_q of [q, τ), the
     * divergence at the extreme ratios v/v_q (it is convex), the longest segment (from the
     * first member), MBIC's ln((T − q)/(T − τ)) at the last member, and the smallest margin.
     */
    private boolean groupLost(int lo, double muLo, double muHi, double vLo, double vHi, int endLo,
            int endHi) {
        double ln1 = lengthTerm
                ? SegmentCost.lnRatioAtMost(lnLengths, endLo - groupPredecessor,
                        endLo - members[memberCount - 1]) : 0;
        return sharedOlderExcess(muLo, muHi, vLo, vHi, endHi - members[0], groupMuLo, groupMuHi,
                groupInvLo, groupInvHi) + ln1 < groupBudget;
    }

    /**
     * An upper bound of len·K(θ; θ_q) over the fits θ in the box and the ends up to {@code
     * longest} after τ, with the rounding margins of the rival check: K(θ; θ_q) = (μ − μ_q)²/v_q
     * + x − ln x − 1, x = v/v_q, is convex in μ and in v, so it is largest at a corner (see
     * {@link #lostToRivals}); {@code inv} = 1/v_q.
     */
    static double olderExcess(double muLo, double muHi, double vLo, double vHi, int longest,
            double mu, double inv) {
        double dm = Math.max(Math.abs(muLo - mu), Math.abs(muHi - mu));
        double kl = dm * dm * inv + Math.max(divergence(vLo * inv), divergence(vHi * inv));
        return longest * (kl * (1 + 1e-12) + 1e-14);
    }

    /**
     * {@link #olderExcess} for every θ_q with μ_q in [muQLo, muQHi] and 1/v_q in [invLo, invHi] at
     * once: the farthest μ_q, the largest 1/v_q, and x − ln x − 1 at the extreme ratios x = v/v_q
     * (vLo·invLo and vHi·invHi; it is convex in x).
     */
    static double sharedOlderExcess(double muLo, double muHi, double vLo, double vHi, int longest,
            double muQLo, double muQHi, double invLo, double invHi) {
        double dm = Math.max(muHi - muQLo, muQHi - muLo);
        double kl = dm * dm * invHi + Math.max(divergence(vLo * invLo), divergence(vHi * invHi));
        return longest * (kl * (1 + 1e-12) + 1e-14);
    }

    /**
     * Sets up τ's rivals from {@code rb} on: its predecessor, the oldest live candidate ({@code
     * live[0]} when {@code older} &gt; 0), the latest optimal changepoint and the newest candidate;
     * and the rival to try first ({@code lastWinner}). False when τ is not to be checked (short
     * predecessor segment or small margin, see {@link #MIN_RUN} and {@link #MIN_BUDGET}).
     */
    private boolean setUpRivals(int tau, int t, int older) {
        rivals = 0;
        // without MBIC the predecessor's margin is the penalty
        if (tau == 0 || tau - last[tau] < MIN_RUN || (!lengthTerm && penalty < MIN_BUDGET)) {
            return false;
        }
        addRival(tau, last[tau]);
        if (rivals == 0 || rivalBudget[rb] < MIN_BUDGET) {
            return false;
        }
        if (older > 0) {
            addRival(tau, live[0]);
        }
        // the latest optimal changepoint (after a change, the candidate at the change) and the
        // newest candidate
        int c = last[t - 1];
        if (c < tau) {
            addRival(tau, c);
        } else if (c > tau) {
            addLaterRival(tau, c, t);
        }
        addLaterRival(tau, t - m, t);
        if (rivals == 0) {
            return false;
        }
        // a woken candidate lost its older rivals' bound at that end: its later rivals first (the
        // order changes nothing but the work, any rival that wins decides)
        lastWinner = proven[tau] > 0 && rivalLater[rb + rivals - 1] ? firstLater() : 0;
        return true;
    }

    /**
     * The shared walk of the candidates that wake up together (parked by one shared walk until the
     * same end): τ = live[i] and the next live candidates due at t with the same predecessor,
     * each with its own rivals, share the boxes (see {@link FutureFits#provenUntilForAll}); every
     * member's rival check must pass on each box. Returns the first end not shown for all of them
     * (n + 1: all lose everywhere), or t when there is no group or its first end fails, and the
     * result for the other members when called for them at the same step.
     */
    private int sharedWake(int i, int t, int older) {
        int tau = live[i];
        if (wakeStep == t && tau >= wakeLo && tau <= wakeHi) {
            return wakeUntil;
        }
        wakeStep = -1;
        int q = last[tau];
        int count = 0;
        for (int j = i; j < k && count < GROUP; j++) {
            int r = live[j];
            if (proven[r] != t || t - r < DEFER || slabs.has(r) || last[r] != q
                    || !addMember(r, t, older, count)) {
                break;
            }
            count++;
        }
        rb = 0;
        if (count < 2) {
            return t;
        }
        wakeLo = tau;
        wakeHi = members[count - 1];
        wakeStep = t;
        wakeUntil = sharedWalk(count, t);
        return wakeUntil;
    }

    private int firstLater() {
        int i = 0;
        while (!rivalLater[rb + i]) {
            i++;
        }
        return i;
    }

    private void addRival(int tau, int q) {
        for (int i = 0; i < rivals; i++) {
            if (rivalAt[rb + i] == q) {
                return;
            }
        }
        int len = tau - q;
        double sse = sums.sse(q, tau);
        if (!(sse > 2.0 * n * SegmentCost.MIN_VARIANCE)) {
            return; // [q, T) might be floored for some T: the bound below needs it not to be
        }
        double g = SegmentCost.meanVarCost(sse, len);
        double budget = f[tau] - f[q] - g
                - TOLERANCE * (Math.abs(f[tau]) + Math.abs(f[q]) + Math.abs(g) + 1);
        if (!(budget > 0)) {
            return;
        }
        int r = rb + rivals;
        rivalAt[r] = q;
        rivalLater[r] = false;
        rivalLen[r] = len;
        rivalMean[r] = sums.mean(q, tau);
        rivalVar[r] = sse / len;
        rivalInv[r] = len / sse;
        rivalBudget[r] = budget;
        rivals++;
    }

    /**
     * Adds a later rival s (τ &lt; s ≤ t − m): it beats τ at T when τ's fit θ of [τ, T) lies
     * outside s's region, F(τ) + L_[τ,s)(θ) + ln((T − τ)/(T − s)) &gt; F(s) (the functional
     * pruning test at the fit, see {@link FutureFits}), for T ≥ s's certificate.
     */
    private void addLaterRival(int tau, int s, int t) {
        if (s <= tau || s < m || certificate[s] > t || rivals == RIVALS) {
            return;
        }
        for (int i = 0; i < rivals; i++) {
            if (rivalAt[rb + i] == s) {
                return;
            }
        }
        int len = s - tau;
        int r = rb + rivals;
        rivalAt[r] = s;
        rivalLater[r] = true;
        rivalLen[r] = len;
        rivalMean[r] = sums.mean(tau, s);
        rivalVar[r] = sums.sse(tau, s) / len;
        // τ loses where F(τ) + len·(ln 2π + ln v + (var + (μ − mean)²)/v) exceeds this
        rivalBudget[r] = f[s] - f[tau] + TOLERANCE * (Math.abs(f[s]) + Math.abs(f[tau]) + 1);
        rivals++;
    }

    /**
     * Whether some rival beats τ at every end T in [endLo, endHi] whose fit θ (mean, floored
     * variance) of [τ, T) lies in the box.
     *
     * <p>Older rival q, with [q, T) not floored (SSE(q, τ) &gt; 2·n·floor): q's cost on [q, T)
     * is a minimum over (μ, v), so for any θ' it is at most L_[q,τ)(θ') + L_[τ,T)(θ'), and q's
     * value at T exceeds F(q) + G(q, τ) + G(τ, T) + β by at most n1·K(θ_q; θ') + len·K(θ; θ'),
     * where θ_q is the fit of [q, τ), n1 = τ − q, len = T − τ and K(a; b) = (μ_a − μ_b)²/v_b +
     * x − ln x − 1 with x = v_a/v_b (≥ 0, convex in μ_a and in v_a: over the box, at most its
     * largest corner value, times the longest len). τ's value is F(τ) + G(τ, T) + β. So τ loses
     * when that excess plus ln((T − q)/(T − τ)) (MBIC; it falls with T) is below F(τ) − F(q) −
     * G(q, τ), which is β (+ ln n1 under MBIC) for its predecessor. θ' = θ_q first (no first
     * term), then the fit pooled from θ_q and the box's centre; the excess is then about the
     * likelihood-ratio statistic of a change at τ within [q, T), a few units on noise against β.
     *
     * <p>Later rival s (certified not floored from t on): G(τ, T) ≥ L_[τ,s)(θ) + G(s, T), so τ
     * loses when F(τ) + min over the box of L_[τ,s) + ln((n − τ)/(n − s)) (MBIC) &gt; F(s), the
     * functional pruning test at τ's future fits. Every comparison keeps the solver's relative
     * tolerance and a margin for rounding on the side of keeping τ.
     */
    private boolean lostToRivals(int tau, double muLo, double muHi, double vLo, double vHi,
            int endLo, int endHi) {
        int longest = endHi - tau;
        // the rival that won the previous box first: it usually wins the next one too
        for (int j = 0; j < rivals; j++) {
            int which = j == 0 ? lastWinner : j == lastWinner ? 0 : j;
            int i = rb + which;
            double mu = rivalMean[i];
            double v = rivalVar[i];
            if (rivalLater[i]) {
                double dm = muLo > mu ? muLo - mu : muHi < mu ? mu - muHi : 0;
                double c = v + dm * dm;
                double w = c < vLo ? vLo : c > vHi ? vHi : c;
                int len = rivalLen[i];
                double least = len * (SegmentCost.LN_2PI + Math.log(w) + c / w);
                least -= 1e-12 * (Math.abs(least) + len);
                if (lengthTerm) {
                    least += SegmentCost.lnRatioAtLeast(lnLengths, n - tau, n - rivalAt[i]);
                }
                if (least > rivalBudget[i]) {
                    lastWinner = which;
                    return true;
                }
                continue;
            }
            // θ = θ_q first (no left term, no division), then the pooled fit
            double ln1 = lengthTerm
                    ? SegmentCost.lnRatioAtMost(lnLengths, endLo - rivalAt[i], endLo - tau) : 0;
            if (olderExcess(muLo, muHi, vLo, vHi, longest, mu, rivalInv[i]) + ln1 < rivalBudget[i]) {
                lastWinner = which;
                return true;
            }
            // θ: the pooled fit of [q, τ) and the box's centre, weighted by their lengths
            int n1 = rivalLen[i];
            double w1 = n1 / (double) (n1 + longest);
            double muC = 0.5 * (muLo + muHi);
            double vC = 0.5 * (vLo + vHi);
            double muT = w1 * mu + (1 - w1) * muC;
            double vT = w1 * v + (1 - w1) * vC + w1 * (1 - w1) * (mu - muC) * (mu - muC);
            double inv = 1 / vT;
            double left = n1 * (divergence(v * inv) + (mu - muT) * (mu - muT) * inv);
            double dm = Math.max(Math.abs(muLo - muT), Math.abs(muHi - muT));
            double kl = dm * dm * inv + Math.max(divergence(vLo * inv), divergence(vHi * inv));
            // rounding of K (x − ln x − 1 cancels near x = 1): 1e-14 per point covers it
            double bound = longest * (kl * (1 + 1e-12) + 1e-14) + left * (1 + 1e-12) + n1 * 1e-14;
            if (bound + ln1 < rivalBudget[i]) {
                lastWinner = which;
                return true;
            }
        }
        return false;
    }

    /** Parks τ until end {@code until}: it is not evaluated or narrowed before. */
    private void park(int tau, int until) {
        parkedNext[tau] = parkedHead[until];
        parkedHead[until] = tau;
        parkedCount++;
    }

    /** Moves the candidates parked until t back into the sorted live list. */
    private void wake(int t) {
        int count = 0;
        for (int tau = parkedHead[t]; tau >= 0; tau = parkedNext[tau]) {
            if (woken.length == count) {
                woken = Arrays.copyOf(woken, 2 * count);
            }
            woken[count++] = tau;
        }
        parkedHead[t] = -1;
        parkedCount -= count;
        Arrays.sort(woken, 0, count);
        if (live.length < k + count + 2) {
            live = Arrays.copyOf(live, 2 * (k + count) + 2);
        }
        // merge from the back
        int i = k - 1;
        int j = count - 1;
        int w = k + count - 1;
        while (j >= 0) {
            if (i >= 0 && live[i] > woken[j]) {
                live[w--] = live[i--];
            } else {
                live[w--] = woken[j--];
            }
        }
        k += count;
    }

    /**
     * An upper bound of x − ln x − 1 (≥ 0) without a logarithm near x = 1, from the series of
     * ln(1 + z), z = x − 1: for z ≥ 0, ln(1 + z) ≥ z − z²/2, so the value is at most z²/2; for
     * −1/2 ≤ z &lt; 0, −ln(1 + z) = Σ|z|^k/k ≤ |z| + z²/2 + |z|³/(3(1 − |z|)) ≤ |z| + z²/2 +
     * (2/3)|z|³. Elsewhere with a logarithm, plus its rounding. (A logarithm per corner was a
     * third of the check's time.)
     */
    static double divergence(double x) {
        double z = x - 1;
        if (z >= 0) {
            return 0.5 * z * z;
        }
        if (z >= -0.5) {
            double a = -z;
            return a * a * (0.5 + a * (2.0 / 3));
        }
        double ln = Math.log(x);
        // plus the rounding of the logarithm and of the sum, so that it stays an upper bound
        return x - ln - 1 + 1e-15 * (x + Math.abs(ln) + 1);
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
            double extra = lengthTerm ? lnLen : 0;
            if (flooredTau >= 0) {
                // no segment costs less than the floored cost: tau loses to flooredTau while
                // flooredTau's segment stays floored
                double bound = f[tau] + len * SegmentCost.FLOORED_COST_PER_POINT + penalty + extra;
                if (bound > flooredBest + TOLERANCE * (Math.abs(bound) + 1)) {
                    suspended.add(flooredTau, tau);
                    continue;
                }
            }
            double variance = sse / len;
            if (variance <= SegmentCost.MIN_VARIANCE) {
                double v = SegmentCost.candidateValue(f[tau], SegmentCost.meanVarCost(sse, len) + extra,
                        penalty);
                if (v < best || (v == best && tau < bestTau)) {
                    best = v;
                    bestTau = tau;
                }
                if (v < flooredBest) {
                    flooredBest = v;
                    flooredTau = tau;
                }
                live[kept++] = tau;
                continue;
            }
            // first a lower bound of the value without a logarithm, by the same operations (which
            // are monotone), so at most the value: a candidate whose bound exceeds the best so far
            // is not the optimum (the later ones only win ties they beat), and the bound serves
            // PELT's inequality below as well as the value would, up to the bound's error
            // (≤ 1.3e-5 per point); most candidates lose by far more
            double v = SegmentCost.candidateValue(f[tau],
                    len * (SegmentCost.LN_2PI + SegmentCost.lnAtMost(variance) + 1) + extra, penalty);
            if (!(v > best)) {
                v = SegmentCost.candidateValue(f[tau], SegmentCost.meanVarCost(sse, len) + extra,
                        penalty);
                if (v < best || (v == best && tau < bestTau)) {
                    best = v;
                    bestTau = tau;
                }
            }
            values[kept] = lengthTerm ? v - lnLen : v;
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
