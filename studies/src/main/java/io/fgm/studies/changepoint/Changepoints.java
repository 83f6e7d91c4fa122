package io.fgm.studies.changepoint;

import io.fgm.studies.SeriesInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Changepoint detection: the exact optimal segmentation of a series under a normal-likelihood cost
 * and a penalty, with the conventions of R's changepoint 2.3 ({@code cpt.mean}/{@code cpt.meanvar},
 * {@code method="PELT"}): F(0) = −β, segments at least {@code minSegmentLength} long, a changepoint
 * τ is the 0-based index where the new segment starts, ties go to the smallest τ.
 *
 * <p>Missing values (NaN) are skipped, not interpolated: the analysis runs on the values present,
 * the result counts the missing ones, and every index in it refers to the original series.
 *
 * <p>The series is centred on its mean (and divided by the scale under {@link Scaling#MAD}) before
 * the prefix sums are taken; the costs do not depend on a shift, and centring keeps them accurate
 * on large offsets such as memory in bytes.
 */
public final class Changepoints {
    private Changepoints() {}

    /** Segments {@code values} (NaN = missing) without timestamps. */
    public static ChangepointResult detect(double[] values, ChangepointOptions options) {
        return detect(values, null, options);
    }

    /**
     * Segments {@code values} (NaN = missing); {@code timestampsMs} may be null, otherwise it gives
     * the time of every value and must strictly increase.
     */
    public static ChangepointResult detect(
            double[] values, long[] timestampsMs, ChangepointOptions options) {
        SeriesInput.requireValid(values, timestampsMs);
        int count = presentCount(values);
        // without missing values every index is its own: no index array
        int[] present = count == values.length ? null : SeriesInput.presentIndices(values);
        SolverWorkspace workspace = SolverWorkspace.forCurrentThread();
        double scale = options.scaling() == Scaling.MAD
                ? RobustScale.noiseScale(values, present, count, workspace.values(count))
                : 1;
        double centre = count == 0 ? 0 : PrefixSums.mean(values, present, count);
        CostFunction cost = options.cost();
        double penalty = options.penalty().value(cost, count);
        int minSeg = options.effectiveMinSegmentLength();
        if (count == 0) {
            return new ChangepointResult(cost, options.penalty().type(), penalty, minSeg,
                    options.scaling(), scale, 0, values.length, List.of(), List.of(), 0);
        }
        SegmentCost costs = new SegmentCost(new PrefixSums(values, present, count, centre, scale,
                workspace.prefix(4 * (count + 1))), cost, options.penalty().addsSegmentLengthTerm());
        Segmentation segmentation = cost == CostFunction.MEAN
                ? MeanCostSolver.solve(costs, minSeg, penalty)
                : MeanVarCostSolver.solve(costs, minSeg, penalty);
        int[] bounds = new int[segmentation.changepoints().length + 2];
        System.arraycopy(segmentation.changepoints(), 0, bounds, 1, bounds.length - 2);
        bounds[bounds.length - 1] = count;
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            segments.add(segment(costs, bounds[i], bounds[i + 1], present, values, timestampsMs));
        }
        List<Changepoint> changepoints = new ArrayList<>();
        for (int i = 1; i + 1 < bounds.length; i++) {
            Segment before = segments.get(i - 1);
            Segment after = segments.get(i);
            double merged = costs.cost(bounds[i - 1], bounds[i + 1]);
            double improvement = merged - before.cost() - after.cost() - penalty;
            double change = after.mean() - before.mean();
            changepoints.add(new Changepoint(after.start(), after.startTimeMs(), before.mean(),
                    after.mean(), before.variance(), after.variance(), change,
                    before.mean() == 0 ? null : change / Math.abs(before.mean()), improvement));
        }
        return new ChangepointResult(cost, options.penalty().type(), penalty, minSeg,
                options.scaling(), scale, count, values.length - count, changepoints, segments,
                segmentation.totalCost());
    }

    private static int presentCount(double[] values) {
        int count = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                count++;
            }
        }
        return count;
    }

    private static int count(int[] present, double[] values) {
        return present == null ? values.length : present.length;
    }

    /** The original index of the i-th present value. */
    private static int at(int[] present, int i) {
        return present == null ? i : present[i];
    }

    private static Segment segment(SegmentCost costs, int a, int b, int[] present,
            double[] values, long[] timestampsMs) {
        int start = at(present, a);
        int end = b == count(present, values) ? values.length : at(present, b);
        int lastPresent = at(present, b - 1);
        // reported in original units, two-pass for clean numbers; the cost stays the optimised one
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += values[at(present, i)];
        }
        double mean = sum / (b - a);
        double ss = 0;
        for (int i = a; i < b; i++) {
            double d = values[at(present, i)] - mean;
            ss += d * d;
        }
        return new Segment(start, end, SeriesInput.timeAt(timestampsMs, start),
                SeriesInput.timeAt(timestampsMs, lastPresent), b - a, mean, ss / (b - a),
                costs.cost(a, b));
    }
}
