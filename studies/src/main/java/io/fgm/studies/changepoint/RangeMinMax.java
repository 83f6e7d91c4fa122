package io.fgm.studies.changepoint;

/** Minimum and maximum of any range of a fixed array in O(1), from sparse tables. */
final class RangeMinMax {
    private final double[][] min;
    private final double[][] max;

    RangeMinMax(double[] x) {
        int n = x.length;
        int levels = 1;
        while ((1 << levels) <= n) {
            levels++;
        }
        min = new double[levels][];
        max = new double[levels][];
        min[0] = x.clone();
        max[0] = x.clone();
        for (int j = 1; j < levels; j++) {
            int width = 1 << j;
            int count = n - width + 1;
            min[j] = new double[Math.max(count, 0)];
            max[j] = new double[Math.max(count, 0)];
            int half = width >> 1;
            for (int i = 0; i < count; i++) {
                min[j][i] = Math.min(min[j - 1][i], min[j - 1][i + half]);
                max[j][i] = Math.max(max[j - 1][i], max[j - 1][i + half]);
            }
        }
    }

    /** Minimum of x[a, b), a &lt; b. */
    double min(int a, int b) {
        int j = 31 - Integer.numberOfLeadingZeros(b - a);
        return Math.min(min[j][a], min[j][b - (1 << j)]);
    }

    /** Maximum of x[a, b), a &lt; b. */
    double max(int a, int b) {
        int j = 31 - Integer.numberOfLeadingZeros(b - a);
        return Math.max(max[j][a], max[j][b - (1 << j)]);
    }
}
