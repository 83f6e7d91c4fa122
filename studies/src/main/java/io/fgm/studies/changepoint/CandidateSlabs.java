package io.fgm.studies.changepoint;

/**
 * The pruning state of every candidate of {@link MeanVarCostSolver}, indexed by the candidate's
 * position τ, over the plane of segment means μ and variances v.
 *
 * <p>Every region involved has the form {(μ, v): ln v + (σ² + (μ − x̄)²)/v ≤ d}. For a range of v,
 * its μ-slice is the interval x̄ ± √(v(d − ln v) − σ²): v(d − ln v) is concave, so over a range of
 * v its largest value (the union of the slices) and its smallest value (the slice common to every
 * v) are cheap. The v axis is cut into slabs around the candidate's expected variance; per slab τ
 * keeps the interval I of μ where no later candidate has beaten it yet (a superset), and two
 * intervals where some older candidate beats it at every v of the slab (subsets): J from the
 * oldest candidates and the optimal predecessor (narrow regions around the long-run fit) and K
 * from the nearest ones (wide regions off to one side), so that one does not push the other out. A
 * slab dies when I is empty or inside J, K or their union, and τ is dropped when every slab has
 * died. The older regions are also kept whole (up to {@link #REMEMBERED}), to test boxes against
 * them exactly ({@link #lostWithin}). Only live candidates hold state, in recycled slots.
 */
final class CandidateSlabs {
    /**
     * Fine slabs per side of the expected variance. 4 rather than 8: a few more candidates kept,
     * but fewer slabs to narrow and exclude per candidate (about 10% faster, 2026-11-25).
     */
    private static final int HALF = 4;

    /** Coarse slabs per side beyond the fine ones, each twice as wide in v as the previous. */
    private static final int COARSE = 4;

    /** All slabs: fine, coarse, and one open-ended slab at each end. */
    static final int SLABS = 2 * HALF + 2 * COARSE + 2;

    private static final double TOLERANCE = 1e-9;

    /**
     * Every slab's state in one record of {@link #WIDTH} doubles, {@link #RECORDS} records per
     * candidate slot: the slab's lower bound as ln v and as v, its interval I, its exclusion J
     * (oldest candidates and predecessor) and its exclusion K (nearest candidates, kept apart so
     * that one does not push the other out). Slab j's upper bound is the next record's lower
     * bound; a last record holds +∞. A record is 64 bytes, so a slab visit touches one or two
     * cache lines instead of eight (one per array before): 1–9% less CPU under BIC and a
     * penalty of 10 at 28,800 points (2026-11-25), same answers.
     */
    private double[] slab;

    private static final int WIDTH = 8;
    private static final int RECORDS = SLABS + 1;
    private static final int LN = 0;
    private static final int V = 1;
    private static final int I_LO = 2;
    private static final int I_HI = 3;
    private static final int J_LO = 4;
    private static final int J_HI = 5;
    private static final int K_LO = 6;
    private static final int K_HI = 7;

    /** ln(len) by len (see {@link SegmentCost#lnLengths}), for MBIC's length terms. */
    private double[] lnLength;

    private int[] alive;
    /** Older regions remembered per candidate, to widen its exclusions later (MBIC). */
    static final int REMEMBERED = 17;

    private double[] regMean;
    private double[] regVar;
    private double[] regD;
    /** The remembered region's span τ − r, for MBIC's exact length terms in {@link #lostWithin}. */
    private int[] regLen;
    private boolean[] regNear;
    private int[] regCount;
    private final double lnFloor;
    /**
     * The slot of each live candidate in the arrays below: only the live candidates (a few
     * hundred at most) have state, so the arrays stay small and are reused as candidates die.
     */
    private int[] slotOf;

    private int[] freeSlots = new int[64];
    private int freeCount;
    private int slots;
    private final double floor;

    /** Empty state; {@link #reset} before use. The arrays are reused from series to series. */
    CandidateSlabs(double minVariance) {
        allocate(64);
        floor = minVariance;
        lnFloor = Math.log(minVariance);
    }

    /**
     * Forgets every candidate and takes {@code slotOf}, indexed by candidate position, to record
     * each candidate's slot (no need to clear it: a slot is written before it is read).
     */
    void reset(int[] slotOf) {
        this.slotOf = slotOf;
        slots = 0;
        freeCount = 0;
    }

    /** Takes the table of ln(len) for 0 ≤ len ≤ n (MBIC's length terms in {@link #lostWithin}). */
    void lengthLogs(double[] table) {
        lnLength = table;
    }

    private void allocate(int capacity) {
        slab = grow(slab, capacity * RECORDS * WIDTH);
        alive = alive == null ? new int[capacity] : java.util.Arrays.copyOf(alive, capacity);
        regMean = grow(regMean, capacity * REMEMBERED);
        regVar = grow(regVar, capacity * REMEMBERED);
        regD = grow(regD, capacity * REMEMBERED);
        regLen = regLen == null ? new int[capacity * REMEMBERED]
                : java.util.Arrays.copyOf(regLen, capacity * REMEMBERED);
        regNear = regNear == null ? new boolean[capacity * REMEMBERED]
                : java.util.Arrays.copyOf(regNear, capacity * REMEMBERED);
        regCount = regCount == null ? new int[capacity] : java.util.Arrays.copyOf(regCount, capacity);
    }

    private static double[] grow(double[] a, int length) {
        return a == null ? new double[length] : java.util.Arrays.copyOf(a, length);
    }

    /** Gives candidate s a slot for its state. */
    private int claim(int s) {
        int c;
        if (freeCount > 0) {
            c = freeSlots[--freeCount];
        } else {
            c = slots++;
            if (c == alive.length) {
                allocate(2 * c);
            }
        }
        slotOf[s] = c;
        return c;
    }

    /** Marks s as having no slabs yet. */
    void unclaimed(int s) {
        slotOf[s] = -1;
    }

    /** Whether s has slabs. */
    boolean has(int s) {
        return slotOf[s] >= 0;
    }

    /** Frees the state of a candidate that has been dropped for good. */
    void release(int tau) {
        if (freeCount == freeSlots.length) {
            freeSlots = java.util.Arrays.copyOf(freeSlots, 2 * freeCount);
        }
        freeSlots[freeCount++] = slotOf[tau];
    }

    /**
     * Starts candidate s with slabs of relative width {@code width} around variance {@code v0},
     * every I unbounded and every J empty.
     */
    void init(int s, double v0, double width) {
        int c = claim(s);
        double lnV0 = Math.log(Math.max(v0, floor));
        double step = Math.log1p(width);
        double[] a = slab;
        int b = c * RECORDS * WIDTH;
        a[b + LN] = lnFloor;
        a[b + V] = floor;
        double ln2 = Math.log(2);
        // the bounds are geometric in v, so one exp and products give every v; they agree with
        // their logarithms to a few ulps, far inside the 1e-9 slack of every region test
        double ratio = 1 + width;
        double v = Math.exp(lnV0 - HALF * step - COARSE * ln2) / 2;
        for (int j = 1; j < SLABS; j++) {
            double ln;
            if (j <= COARSE) {
                ln = lnV0 - HALF * step - (COARSE + 1 - j) * ln2;
                v *= 2;
            } else if (j <= COARSE + 2 * HALF + 1) {
                ln = lnV0 + (j - COARSE - 1 - HALF) * step;
                v = j == COARSE + 1 ? v * 2 : v * ratio;
            } else {
                ln = lnV0 + HALF * step + (j - COARSE - 2 * HALF - 1) * ln2;
                v *= 2;
            }
            a[b + j * WIDTH + LN] = Math.max(lnFloor, ln);
            a[b + j * WIDTH + V] = ln > lnFloor ? v : floor;
        }
        a[b + SLABS * WIDTH + LN] = Double.POSITIVE_INFINITY;
        a[b + SLABS * WIDTH + V] = Double.POSITIVE_INFINITY;
        int mask = 0;
        for (int j = 0; j < SLABS; j++) {
            int i = b + j * WIDTH;
            a[i + I_LO] = Double.NEGATIVE_INFINITY;
            a[i + I_HI] = Double.POSITIVE_INFINITY;
            a[i + J_LO] = Double.POSITIVE_INFINITY;
            a[i + J_HI] = Double.NEGATIVE_INFINITY;
            a[i + K_LO] = Double.POSITIVE_INFINITY;
            a[i + K_HI] = Double.NEGATIVE_INFINITY;
            if (a[i + WIDTH + LN] > a[i + LN]) {
                mask |= 1 << j;
            }
        }
        alive[c] = mask;
        regCount[c] = 0;
    }

    /**
     * Adds to s's exclusion intervals the μ-range on which an older candidate beats s at every v
     * of a slab: ln v + (var + (μ − mean)²)/v ≤ d for all v in the slab.
     */
    void exclude(int s, double mean, double var, double d, boolean near) {
        int c = slotOf[s];
        // v(d − ln v) is concave with its peak at ln v = d − 1, so the slabs with a common slice
        // form a run around the slab of the peak: walk out from it on each side
        int b = c * RECORDS * WIDTH;
        double lnPeak = d - 1;
        int lo = 0;
        int hi = SLABS - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (slab[b + mid * WIDTH + LN] <= lnPeak) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // the peak's slab may lack a common slice while one neighbour has one: check it apart
        excludeSlab(s, lo, mean, var, d, near);
        for (int j = lo - 1; j >= 0 && excludeSlab(s, j, mean, var, d, near); j--) {
            // walk down
        }
        for (int j = lo + 1; j < SLABS - 1 && excludeSlab(s, j, mean, var, d, near); j++) {
            // walk up
        }
    }

    /** Adds the region's common slice over slab j; false when it has none (the walk stops). */
    private boolean excludeSlab(int s, int j, double mean, double var, double d, boolean near) {
        double[] a = slab;
        int i = (slotOf[s] * RECORDS + j) * WIDTH;
        double common = Math.min(a[i + V] * (d - a[i + LN]),
                a[i + WIDTH + V] * (d - a[i + WIDTH + LN]));
        double rad2 = common - var;
        if (!(rad2 > 0)) {
            return false;
        }
        double rad = Math.sqrt(rad2) * (1 - TOLERANCE) - TOLERANCE * Math.abs(mean);
        if (rad <= 0) {
            return true;
        }
        int x = i + (near ? K_LO : J_LO);
        double lo = mean - rad;
        double hi = mean + rad;
        double xLo = a[x];
        double xHi = a[x + 1];
        if (xLo > xHi) {
            a[x] = lo;
            a[x + 1] = hi;
        } else if (lo <= xHi && hi >= xLo) {
            a[x] = Math.min(xLo, lo);
            a[x + 1] = Math.max(xHi, hi);
        } else if (hi - lo > xHi - xLo) {
            a[x] = lo;
            a[x + 1] = hi;
        }
        return true;
    }

    /**
     * Narrows τ with a later candidate that beats it outside ln v + (var + (μ − mean)²)/v ≤ d
     * (d already including its tolerance). A slab whose I lies inside the new interval keeps I
     * without testing it against the exclusions again, unless {@code recheck} (after they grew).
     *
     * @return false when every slab has died (τ can be dropped)
     */
    boolean narrow(int tau, double mean, double var, double d, boolean recheck) {
        int c = slotOf[tau];
        int mask = alive[c];
        double[] a = slab;
        int b = c * RECORDS * WIDTH;
        double lnPeak = d - 1;
        double peak = Double.NaN;
        for (int rest = mask; rest != 0; rest &= rest - 1) {
            int j = Integer.numberOfTrailingZeros(rest);
            int i = b + j * WIDTH;
            double lnA = a[i + LN];
            double lnB = a[i + WIDTH + LN];
            double iLo = a[i + I_LO];
            double iHi = a[i + I_HI];
            double below = iLo - mean;
            double above = iHi - mean;
            double far = Math.max(below * below, above * above);
            double widest;
            if (lnPeak < lnA) {
                widest = a[i + V] * (d - lnA);
            } else if (lnPeak > lnB) {
                widest = a[i + WIDTH + V] * (d - lnB);
            } else {
                if (Double.isNaN(peak)) {
                    peak = Math.exp(lnPeak);
                }
                widest = peak;
            }
            double rad2 = widest - var;
            if (!(rad2 >= 0)) {
                mask &= ~(1 << j);
                continue;
            }
            if (!recheck && far <= rad2) {
                // the new interval holds I (within rounding, which only matters for a skipped
                // narrowing, always allowed): I and its exclusion test are unchanged
                continue;
            }
            double rad = Math.sqrt(rad2) * (1 + TOLERANCE) + TOLERANCE * Math.abs(mean);
            double lo = Math.max(iLo, mean - rad);
            double hi = Math.min(iHi, mean + rad);
            if (lo > hi || excluded(i, lo, hi)) {
                mask &= ~(1 << j);
                continue;
            }
            a[i + I_LO] = lo;
            a[i + I_HI] = hi;
        }
        alive[c] = mask;
        return mask != 0;
    }

    /**
     * Whether τ has lost everywhere in the box [μLo, μHi] × [vLo, vHi]: in every slab the box
     * meets, the slab is dead, or the box's μ-range misses the slab's interval I, or what is left
     * lies inside the exclusions J or K, or inside one remembered older region (the box is convex
     * and so is the region, so checking its corners is enough). The box stands for the fits of
     * segments [τ, T) with T ≥ {@code endLo}: under MBIC ({@code lengthTerm}), an older r then pays
     * ln(T − r) − ln(T − τ) more than τ, at most ln((endLo − r)/(endLo − τ)), which is exact where
     * the relaxation b = 1/(T − τ) of the solver is loose.
     */
    boolean lostWithin(int tau, double muLo, double muHi, double vLo, double vHi, int endLo,
            boolean lengthTerm) {
        int c = slotOf[tau];
        double[] a = slab;
        int base = c * RECORDS * WIDTH;
        boolean budgets = false;
        for (int rest = alive[c]; rest != 0; rest &= rest - 1) {
            int j = Integer.numberOfTrailingZeros(rest);
            int i = base + j * WIDTH;
            double slabLo = a[i + V];
            double slabHi = a[i + WIDTH + V];
            if (slabHi < vLo || slabLo > vHi) {
                continue;
            }
            double lo = Math.max(a[i + I_LO], muLo);
            double hi = Math.min(a[i + I_HI], muHi);
            if (lo > hi || excluded(i, lo, hi)) {
                continue;
            }
            if (!budgets) {
                // the remembered regions' budgets at endLo, once per box rather than per slab
                rememberedBudgets(tau, endLo, lengthTerm);
                budgets = true;
            }
            if (!insideRemembered(c, lo, hi, Math.max(vLo, slabLo), Math.min(vHi, slabHi))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills {@link #budgetAt} with each remembered region's d for segment ends T ≥ endLo: under
     * MBIC the older r pays ln((T − r)/(T − τ)) more than τ, at most ln(endLo − r) − ln(endLo − τ),
     * spread over the region's len. The logarithm is an upper bound from the table ({@link
     * SegmentCost#lnRatioAtMost}), so the region stays a subset; a {@code log1p} per region and
     * box was 8% of the time under MBIC.
     */
    private void rememberedBudgets(int tau, int endLo, boolean lengthTerm) {
        int c = slotOf[tau];
        for (int r = 0; r < regCount[c]; r++) {
            int slot = c * REMEMBERED + r;
            int len = regLen[slot];
            budgetAt[r] = lengthTerm
                    ? regD[slot] - SegmentCost.lnRatioAtMost(lnLength, endLo - tau + len,
                            endLo - tau) / len
                    : regD[slot];
        }
    }

    private final double[] budgetAt = new double[REMEMBERED];

    private boolean insideRemembered(int c, double lo, double hi, double v1, double v2) {
        double ln1 = Math.log(v1);
        double ln2 = Math.log(v2);
        for (int r = 0; r < regCount[c]; r++) {
            int slot = c * REMEMBERED + r;
            double mean = regMean[slot];
            double var = regVar[slot];
            double d = budgetAt[r];
            double far = Math.max((lo - mean) * (lo - mean), (hi - mean) * (hi - mean));
            // ln v + (var + (μ − mean)²)/v ≤ d at the four corners, with room for rounding
            double slack = TOLERANCE * (Math.abs(d) + 1);
            if (ln1 + (var + far) / v1 <= d - slack && ln2 + (var + far) / v2 <= d - slack) {
                return true;
            }
        }
        return false;
    }

    /** Whether [lo, hi] lies in slab i's exclusions: in one of them, or in their union when they overlap. */
    private boolean excluded(int i, double lo, double hi) {
        double a = slab[i + J_LO];
        double b = slab[i + J_HI];
        double c = slab[i + K_LO];
        double d = slab[i + K_HI];
        if ((a <= lo && hi <= b) || (c <= lo && hi <= d)) {
            return true;
        }
        return a <= d && c <= b && Math.min(a, c) <= lo && hi <= Math.max(b, d);
    }

    /**
     * Remembers an older candidate's region for s (the first {@link #REMEMBERED} only), with a
     * budget {@code d} before MBIC's b is taken off, so that {@link #refreshExclusions} can widen
     * s's exclusions as its shortest possible future segment grows.
     */
    void remember(int s, double mean, double var, double d, int len, boolean near) {
        int c = slotOf[s];
        int count = regCount[c];
        if (count < REMEMBERED) {
            int slot = c * REMEMBERED + count;
            regMean[slot] = mean;
            regVar[slot] = var;
            regD[slot] = d;
            regLen[slot] = len;
            regNear[slot] = near;
            regCount[c] = count + 1;
        }
    }

    /**
     * Recomputes τ's exclusions J (the oldest candidates' regions) with MBIC's b at most {@code b};
     * K keeps the nearest candidates' regions, valid for every b ≤ 1/m (refreshing them too cost
     * more than it pruned).
     */
    void refreshExclusions(int tau, double b) {
        int c = slotOf[tau];
        for (int j = 0; j < SLABS; j++) {
            int i = (c * RECORDS + j) * WIDTH;
            slab[i + J_LO] = Double.POSITIVE_INFINITY;
            slab[i + J_HI] = Double.NEGATIVE_INFINITY;
        }
        for (int r = 0; r < regCount[c]; r++) {
            int slot = c * REMEMBERED + r;
            if (!regNear[slot]) {
                exclude(tau, regMean[slot], regVar[slot], regD[slot] - b, false);
            }
        }
    }
}
