package io.fgm.studies.changepoint;

import java.util.List;

/**
 * The exact optimal segmentation of a series under one cost and penalty.
 *
 * @param cost the segment cost used
 * @param penaltyType the penalty rule
 * @param penaltyValue the penalty per changepoint actually used
 * @param minSegmentLength the minimum segment length used (in analysed values)
 * @param scaling the scaling applied
 * @param scale the divisor applied to the values (1 without scaling)
 * @param count number of values analysed
 * @param missing number of missing (NaN) values skipped; they are not interpolated, and indices
 *     still refer to the original series
 * @param changepoints the changepoints, in order
 * @param segments the segments, in order (one more than the changepoints when count &gt; 0)
 * @param totalCost the optimal penalised cost: Σ segment costs + changepoints·penalty
 */
public record ChangepointResult(
        CostFunction cost,
        Penalty.Type penaltyType,
        double penaltyValue,
        int minSegmentLength,
        Scaling scaling,
        double scale,
        int count,
        int missing,
        List<Changepoint> changepoints,
        List<Segment> segments,
        double totalCost) {

    public ChangepointResult {
        changepoints = List.copyOf(changepoints);
        segments = List.copyOf(segments);
    }
}
