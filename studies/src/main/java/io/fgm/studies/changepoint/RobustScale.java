package io.fgm.studies.changepoint;

/** The noise scale estimate behind {@link Scaling#MAD}. */
final class RobustScale {
    /** R's {@code mad} constant, 1/Φ⁻¹(3/4), which makes the MAD consistent for a normal σ. */
    static final double MAD_CONSTANT = 1.4826;

    private RobustScale() {}

    /** {@link #noiseScale(double[], int[], int, double[])} of all of {@code x}, with its own scratch. */
    static double noiseScale(double[] x) {
        return noiseScale(x, null, x.length, new double[Math.max(0, x.length - 1)]);
    }

    /**
     * σ̂ = mad(diff(x))/√2 with R's {@code mad} (median centre, constant 1.4826), where x is
     * values[present[i]] for i &lt; count ({@code present} null: the first {@code count} values).
     * When that is 0 (mostly constant data, where most differences are 0) it falls back to the
     * mean absolute deviation of the differences times √(π/2)/√2, and to 1 when that is 0 too (or
     * count &lt; 2). The medians are selected in {@code scratch} (count − 1 doubles), not sorted.
     */
    static double noiseScale(double[] values, int[] present, int count, double[] scratch) {
        if (count < 2) {
            return 1;
        }
        int m = count - 1;
        for (int i = 0; i < m; i++) {
            scratch[i] = at(values, present, i + 1) - at(values, present, i);
        }
        double centre = median(scratch, m);
        double sumAbs = 0;
        for (int i = 0; i < m; i++) {
            double dev = Math.abs(at(values, present, i + 1) - at(values, present, i) - centre);
            scratch[i] = dev;
            sumAbs += dev;
        }
        double mad = MAD_CONSTANT * median(scratch, m);
        if (mad > 0) {
            return mad / Math.sqrt(2);
        }
        double meanAbs = sumAbs / m * Math.sqrt(Math.PI / 2);
        return meanAbs > 0 ? meanAbs / Math.sqrt(2) : 1;
    }

    private static double at(double[] values, int[] present, int i) {
        return values[present == null ? i : present[i]];
    }

    /** Median of sorted values (mean of the two middle ones for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Median of a[0, n) as {@link #median(double[])} gives it on the sorted values, by selection
     * (a is reordered).
     */
    static double median(double[] a, int n) {
        double upper = select(a, n, n / 2);
        if (n % 2 == 1) {
            return upper;
        }
        // after selecting rank n/2, every value before it is at most it: the largest is rank n/2 − 1
        double lower = a[0];
        for (int i = 1; i < n / 2; i++) {
            lower = Math.max(lower, a[i]);
        }
        return (lower + upper) / 2;
    }

    /** The value of rank k in a[0, n) (Hoare's selection, median of three); a is reordered. */
    private static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, lo, mid);
            }
            if (a[hi] < a[lo]) {
                swap(a, lo, hi);
            }
            if (a[hi] < a[mid]) {
                swap(a, mid, hi);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
