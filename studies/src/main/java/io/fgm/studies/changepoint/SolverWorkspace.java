package io.fgm.studies.changepoint;

import java.lang.ref.SoftReference;

/**
 * Arrays that a changepoint detection needs for the length of the series (prefix sums, the optimal
 * values F and last changepoints, the look-ahead blocks and horizons, the candidates' slots),
 * reused by the following detections on the same thread.
 *
 * <p>Why: allocating them anew on every call (about 9 MB at 28,800 points before this class) cost
 * more than the algorithm on this VM. Fresh heap pages fault on first touch, and G1 places arrays
 * over half a region (512 KB with a 1 GB heap) in humongous regions of their own, so the mean cost
 * spent ~28 of its ~38 ms in page faults (measured with {@code -XX:+AlwaysPreTouch}). Reused, the
 * arrays stay touched. A thread keeps about 100 bytes per value of the longest series it analysed
 * (2.9 MB for 28,800 values), behind a soft reference, so the collector may take it back under
 * memory pressure; the next call then allocates again.
 *
 * <p>Not thread-safe: one instance per thread ({@link #forCurrentThread}), and a detection must not
 * start another one on the same thread while it uses the arrays (none does).
 */
final class SolverWorkspace {
    private static final ThreadLocal<SoftReference<SolverWorkspace>> CACHE = new ThreadLocal<>();

    private double[] prefix = new double[0];
    private double[] values = new double[0];
    private double[] blocks = new double[0];
    private double[] f = new double[0];
    private int[] last = new int[0];
    private int[] certificate = new int[0];
    private int[] slotOf = new int[0];
    private int[] provenUntil = new int[0];
    private int[] dies = new int[0];
    private int[] parkedHead = new int[0];
    private int[] parkedNext = new int[0];
    private CandidateSlabs slabs;
    private CandidateIntervals intervals;

    /** This thread's workspace. */
    static SolverWorkspace forCurrentThread() {
        SoftReference<SolverWorkspace> ref = CACHE.get();
        SolverWorkspace w = ref == null ? null : ref.get();
        if (w == null) {
            w = new SolverWorkspace();
            CACHE.set(new SoftReference<>(w));
        }
        return w;
    }

    /** Room for the interleaved double-double prefix sums of {@link PrefixSums}. */
    double[] prefix(int length) {
        if (prefix.length < length) {
            prefix = new double[grown(prefix.length, length)];
        }
        return prefix;
    }

    /** Scratch values (differences for the robust scale). */
    double[] values(int length) {
        if (values.length < length) {
            values = new double[grown(values.length, length)];
        }
        return values;
    }

    /** Room for the look-ahead blocks of {@link FutureFits}. */
    double[] blocks(int length) {
        if (blocks.length < length) {
            blocks = new double[grown(blocks.length, length)];
        }
        return blocks;
    }

    /** Optimal values F(t). */
    double[] f(int length) {
        if (f.length < length) {
            f = new double[grown(f.length, length)];
        }
        return f;
    }

    /** Optimal last changepoints. */
    int[] last(int length) {
        if (last.length < length) {
            last = new int[grown(last.length, length)];
        }
        return last;
    }

    /** Certificates of the mean-and-variance solver. */
    int[] certificate(int length) {
        if (certificate.length < length) {
            certificate = new int[grown(certificate.length, length)];
        }
        return certificate;
    }

    /** Per candidate, the first end at which the look-ahead has not yet shown it lost. */
    int[] provenUntil(int length) {
        if (provenUntil.length < length) {
            provenUntil = new int[grown(provenUntil.length, length)];
        }
        return provenUntil;
    }

    /** Per candidate, the first end from which PELT's inequality rules it out. */
    int[] dies(int length) {
        if (dies.length < length) {
            dies = new int[grown(dies.length, length)];
        }
        return dies;
    }

    /** Slot of each candidate in {@link CandidateSlabs}. */
    /** Per end, the first candidate parked until it (−1: none), see {@link MeanVarCostSolver}. */
    int[] parkedHead(int length) {
        if (parkedHead.length < length) {
            parkedHead = new int[grown(parkedHead.length, length)];
        }
        return parkedHead;
    }

    /** Per candidate, the next one parked until the same end. */
    int[] parkedNext(int length) {
        if (parkedNext.length < length) {
            parkedNext = new int[grown(parkedNext.length, length)];
        }
        return parkedNext;
    }

    int[] slotOf(int length) {
        if (slotOf.length < length) {
            slotOf = new int[grown(slotOf.length, length)];
        }
        return slotOf;
    }

    /** The slab state, emptied for a new series of {@code n} values. */
    CandidateSlabs slabs(int n) {
        if (slabs == null) {
            slabs = new CandidateSlabs(SegmentCost.MIN_VARIANCE);
        }
        slabs.reset(slotOf(n + 1));
        return slabs;
    }

    /** The interval state of the mean solver, emptied. */
    CandidateIntervals intervals() {
        if (intervals == null) {
            intervals = new CandidateIntervals();
        }
        intervals.reset();
        return intervals;
    }

    private static int grown(int current, int needed) {
        // grow by half again at least, so that slowly growing series do not reallocate every call
        return Math.max(needed, current + (current >> 1));
    }
}
