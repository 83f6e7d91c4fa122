package io.fgm.studies.periodicity;

/**
 * The sample autocorrelation function exactly as R's {@code acf(x, lag.max, na.action = na.pass)}
 * computes it: the mean of the present values is removed, the lag-k sum of products over the pairs
 * where both values are present is divided by (pairs + k), which is n when nothing is missing (not
 * n − k), then by the lag-0 value, and clamped to [−1, 1].
 *
 * <p>R returns NaN for a constant series; here a series without variance (constant, or constant up
 * to rounding: standard deviation ≤ 1e-9·|mean|) yields 1 at lag 0 and 0 elsewhere, so callers
 * never see NaN.
 */
public final class Acf {
    private Acf() {}

    /**
     * ACF at lags 0..min(maxLag, n − 1) of {@code values} (NaN = missing).
     *
     * @throws IllegalArgumentException when maxLag &lt; 0 or no value is present
     */
    public static double[] acf(double[] values, int maxLag) {
        if (maxLag < 0) {
            throw new IllegalArgumentException("maxLag must be >= 0, got " + maxLag);
        }
        return acf(values, 0, values.length, Math.min(maxLag, Math.max(values.length - 1, 0)));
    }

    /**
     * ACF of consecutive windows of {@code window} values, starting every {@code step} values;
     * windows without any value present are left out.
     */
    public static java.util.List<AcfWindow> sliding(
            double[] values, int window, int step, int maxLag) {
        if (window < 2 || step < 1 || maxLag < 0 || maxLag >= window) {
            throw new IllegalArgumentException("need window >= 2, step >= 1 and 0 <= maxLag < window,"
                    + " got window " + window + ", step " + step + ", maxLag " + maxLag);
        }
        java.util.List<AcfWindow> out = new java.util.ArrayList<>();
        for (int start = 0; start + window <= values.length; start += step) {
            boolean any = false;
            for (int i = start; i < start + window && !any; i++) {
                any = !Double.isNaN(values[i]);
            }
            if (any) {
                out.add(new AcfWindow(start, start + window, acf(values, start, start + window, maxLag)));
            }
        }
        return out;
    }

    /** ACF of {@code values[from, to)} at lags 0..maxLag (maxLag &lt; to − from). */
    static double[] acf(double[] values, int from, int to, int maxLag) {
        double[] out = new double[maxLag + 1];
        if (!autocovariance(values, from, to, maxLag, out)) {
            out[0] = 1;
            return out;
        }
        double c0 = out[0];
        for (int k = 0; k <= maxLag; k++) {
            double a = out[k] / c0;
            out[k] = a > 1 ? 1 : (a < -1 ? -1 : a);
        }
        return out;
    }

    /**
     * Fills {@code out[k]} with R's autocovariance of {@code values[from, to)} at lag k.
     *
     * @return false when the window has no variance (then {@code out} is all zeros)
     * @throws IllegalArgumentException when no value is present
     */
    static boolean autocovariance(double[] values, int from, int to, int maxLag, double[] out) {
        double sum = 0;
        double compensation = 0;
        int present = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                continue;
            }
            double y = v - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
            present++;
        }
        if (present == 0) {
            throw new IllegalArgumentException("no values present");
        }
        double mean = sum / present;
        int n = to - from;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = values[from + i] - mean;
        }
        for (int k = 0; k <= maxLag; k++) {
            double s = 0;
            int pairs;
            if (present == n) {
                for (int i = 0; i + k < n; i++) {
                    s += d[i] * d[i + k];
                }
                pairs = n - k;
            } else {
                pairs = 0;
                for (int i = 0; i + k < n; i++) {
                    double p = d[i] * d[i + k];
                    if (!Double.isNaN(p)) {
                        s += p;
                        pairs++;
                    }
                }
            }
            out[k] = pairs > 0 ? s / (pairs + k) : 0;
        }
        double sd = Math.sqrt(out[0]);
        if (out[0] <= 0 || sd <= 1e-9 * Math.abs(mean)) {
            java.util.Arrays.fill(out, 0);
            return false;
        }
        return true;
    }
}
