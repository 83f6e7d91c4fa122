package io.fgm.studies.changepoint;

/**
 * What to segment and how.
 *
 * @param cost the segment cost
 * @param penalty the price of a changepoint
 * @param minSegmentLength the shortest allowed segment, ≥ 1 (≥ 2 for {@link CostFunction#MEAN_VAR},
 *     whose one-point segments have no variance); 0 means the cost's default (R's: 1 for the mean,
 *     2 for mean and variance)
 * @param scaling how the values are scaled before segmenting
 */
public record ChangepointOptions(
        CostFunction cost, Penalty penalty, int minSegmentLength, Scaling scaling) {

    public ChangepointOptions {
        if (cost == null || penalty == null || scaling == null) {
            throw new IllegalArgumentException("cost, penalty and scaling are required");
        }
        if (minSegmentLength < 0) {
            throw new IllegalArgumentException("minSegmentLength must be >= 0, got " + minSegmentLength);
        }
        if (cost == CostFunction.MEAN_VAR && minSegmentLength == 1) {
            throw new IllegalArgumentException(
                    "the mean-and-variance cost needs segments of at least 2 values");
        }
    }

    /** Mean cost, MBIC, default minimum segment length, robust (MAD) scaling. */
    public static ChangepointOptions defaults() {
        return new ChangepointOptions(CostFunction.MEAN, Penalty.mbic(), 0, Scaling.MAD);
    }

    /** The minimum segment length actually used. */
    public int effectiveMinSegmentLength() {
        return minSegmentLength == 0 ? cost.defaultMinSegmentLength() : minSegmentLength;
    }

    public ChangepointOptions withCost(CostFunction value) {
        return new ChangepointOptions(value, penalty, minSegmentLength, scaling);
    }

    public ChangepointOptions withPenalty(Penalty value) {
        return new ChangepointOptions(cost, value, minSegmentLength, scaling);
    }

    public ChangepointOptions withMinSegmentLength(int value) {
        return new ChangepointOptions(cost, penalty, value, scaling);
    }

    public ChangepointOptions withScaling(Scaling value) {
        return new ChangepointOptions(cost, penalty, minSegmentLength, value);
    }
}
