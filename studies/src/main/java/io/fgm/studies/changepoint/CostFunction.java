package io.fgm.studies.changepoint;

/**
 * Segment cost of the normal likelihood, as in R's changepoint 2.3 ({@code cpt.mean} and
 * {@code cpt.meanvar} with {@code test.stat="Normal"}).
 */
public enum CostFunction {
    /**
     * Change in mean with known unit variance: cost = Σx² − (Σx)²/len. The data is assumed to have
     * variance 1, so scale it first (see {@link Scaling#MAD}); otherwise the penalty is measured in
     * the wrong units.
     */
    MEAN(1, 1),
    /**
     * Change in mean and variance: σ² = (Σx² − (Σx)²/len)/len floored at 1e-11, cost = len·(ln 2π +
     * ln σ² + 1).
     */
    MEAN_VAR(2, 2);

    private final int parameterCount;
    private final int defaultMinSegmentLength;

    CostFunction(int parameterCount, int defaultMinSegmentLength) {
        this.parameterCount = parameterCount;
        this.defaultMinSegmentLength = defaultMinSegmentLength;
    }

    /** Parameters that change at a changepoint: 1 for the mean, 2 for mean and variance. */
    public int parameterCount() {
        return parameterCount;
    }

    /** R's default {@code minseglen}: 1 for the mean, 2 for mean and variance. */
    public int defaultMinSegmentLength() {
        return defaultMinSegmentLength;
    }

    /** Parses {@code mean} or {@code meanvar} (case-insensitive; {@code mean_var} also accepted). */
    public static CostFunction parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        return switch (t) {
            case "mean" -> MEAN;
            case "meanvar" -> MEAN_VAR;
            default -> throw new IllegalArgumentException(
                    "unknown cost '" + text + "': expected mean or meanvar");
        };
    }
}
