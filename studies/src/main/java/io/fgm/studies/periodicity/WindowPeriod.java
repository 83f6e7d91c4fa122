package io.fgm.studies.periodicity;

/**
 * The period found in one window, or none.
 *
 * @param start index of the window's first value
 * @param period the period in samples, 0 when the window is not periodic
 * @param score the ACF at that period (0 when none)
 * @param amplitude peak-to-trough of the mean cycle (0 when none)
 */
record WindowPeriod(int start, int period, double score, double amplitude) {

    static final double FUNDAMENTAL_SHARE = 0.85;

    /**
     * Analyses {@code values[start, start + size)}: the dominant period is the shortest lag in
     * [minPeriod, maxPeriod] at a local ACF peak whose value is at least 85% of the highest such
     * peak (so a pattern is reported at its fundamental, not at a multiple), provided the highest
     * peak reaches minScore.
     */
    static WindowPeriod analyse(double[] values, int start, int size, int minPeriod, int maxPeriod,
            double minScore) {
        int maxLag = Math.min(maxPeriod + 1, size - 1);
        double[] acf = Acf.acf(values, start, start + size, maxLag);
        if (acf[1] == 0 && acf[0] == 1 && isFlat(acf)) {
            return new WindowPeriod(start, 0, 0, 0);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = minPeriod; k <= maxPeriod; k++) {
            if (isPeak(acf, k, maxLag) && acf[k] > best) {
                best = acf[k];
            }
        }
        if (best < minScore) {
            return new WindowPeriod(start, 0, 0, 0);
        }
        for (int k = minPeriod; k <= maxPeriod; k++) {
            if (isPeak(acf, k, maxLag) && acf[k] >= FUNDAMENTAL_SHARE * best) {
                return new WindowPeriod(start, k, acf[k], amplitude(values, start, size, k));
            }
        }
        throw new AssertionError("the best peak satisfies the share");
    }

    private static boolean isFlat(double[] acf) {
        for (int k = 1; k < acf.length; k++) {
            if (acf[k] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPeak(double[] acf, int k, int maxLag) {
        return acf[k] >= acf[k - 1] && (k + 1 > maxLag || acf[k] >= acf[k + 1]);
    }

    /** Max minus min over phases of the mean of the present values at that phase. */
    static double amplitude(double[] values, int start, int size, int period) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int phase = 0; phase < period; phase++) {
            double sum = 0;
            int count = 0;
            for (int i = start + phase; i < start + size; i += period) {
                if (!Double.isNaN(values[i])) {
                    sum += values[i];
                    count++;
                }
            }
            if (count > 0) {
                double mean = sum / count;
                lo = Math.min(lo, mean);
                hi = Math.max(hi, mean);
            }
        }
        return hi > lo ? hi - lo : 0;
    }
}
