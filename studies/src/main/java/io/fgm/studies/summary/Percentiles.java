package io.fgm.studies.summary;

/** Quantiles as R's {@code quantile(type = 7)}, the default: linear interpolation. */
public final class Percentiles {
    private Percentiles() {}

    /** The p-quantile (0 ≤ p ≤ 1) of non-empty sorted values: h = (n − 1)p, interpolated. */
    public static double type7(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
