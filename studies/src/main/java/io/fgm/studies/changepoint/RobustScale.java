package io.fgm.studies.changepoint;

import java.util.Arrays;

/** The noise scale estimate behind {@link Scaling#MAD}. */
final class RobustScale {
    /** R's {@code mad} constant, 1/Φ⁻¹(3/4), which makes the MAD consistent for a normal σ. */
    static final double MAD_CONSTANT = 1.4826;

    private RobustScale() {}

    /**
     * σ̂ = mad(diff(x))/√2 with R's {@code mad} (median centre, constant 1.4826). When that is 0
     * (mostly constant data, where most differences are 0) it falls back to the mean absolute
     * deviation of the differences times √(π/2)/√2, and to 1 when that is 0 too (or n &lt; 2).
     */
    static double noiseScale(double[] x) {
        if (x.length < 2) {
            return 1;
        }
        double[] d = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            d[i - 1] = x[i] - x[i - 1];
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double centre = median(sorted);
        double[] dev = new double[d.length];
        double sumAbs = 0;
        for (int i = 0; i < d.length; i++) {
            dev[i] = Math.abs(d[i] - centre);
            sumAbs += dev[i];
        }
        Arrays.sort(dev);
        double mad = MAD_CONSTANT * median(dev);
        if (mad > 0) {
            return mad / Math.sqrt(2);
        }
        double meanAbs = sumAbs / dev.length * Math.sqrt(Math.PI / 2);
        return meanAbs > 0 ? meanAbs / Math.sqrt(2) : 1;
    }

    /** Median of sorted values (mean of the two middle ones for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
