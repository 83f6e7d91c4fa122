package io.fgm.studies.summary;

/**
 * Classifies the trend of the values present, in time order, with time in seconds:
 *
 * <ul>
 *   <li>RISING or FALLING when Mann–Kendall rejects "no trend" at level alpha and the Theil–Sen
 *       change over the series is at least a quarter of the spread (p95 − p5): significant and
 *       material;
 *   <li>otherwise OSCILLATING when the values stay above or below their median in sustained swings:
 *       a Wald–Wolfowitz runs test finds fewer runs than chance at level alpha;
 *   <li>otherwise FLAT (also for constant series and fewer than 3 values).
 * </ul>
 */
final class TrendAnalysis {
    static final double MATERIAL_SHARE = 0.25;

    private TrendAnalysis() {}

    static TrendResult classify(double[] t, double[] y, double p5, double p50, double p95,
            double alpha) {
        int n = y.length;
        if (n < 3) {
            return new TrendResult(Trend.FLAT, 0, 0, 0, 0, 1, 0, "fewer than 3 values");
        }
        double slope = TheilSen.slope(t, y);
        double change = slope * (t[n - 1] - t[0]);
        MannKendall mk = MannKendall.test(y);
        double runsZ = runsZ(y, p50);
        double spread = p95 - p5;
        if (spread == 0 && mk.pValue() >= alpha) {
            return new TrendResult(Trend.FLAT, slope, change, mk.s(), mk.z(), mk.pValue(), runsZ,
                    "no spread between p5 and p95");
        }
        if (mk.pValue() < alpha && Math.abs(change) >= MATERIAL_SHARE * spread && change != 0) {
            Trend trend = change > 0 ? Trend.RISING : Trend.FALLING;
            return new TrendResult(trend, slope, change, mk.s(), mk.z(), mk.pValue(), runsZ,
                    String.format(java.util.Locale.ROOT,
                            "Mann-Kendall p=%.3g and the Theil-Sen change is %.3g of the p5-p95"
                                    + " spread", mk.pValue(), Math.abs(change) / spread));
        }
        double runsP = 2 * new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .cumulativeProbability(-Math.abs(runsZ));
        if (runsZ < 0 && runsP < alpha) {
            return new TrendResult(Trend.OSCILLATING, slope, change, mk.s(), mk.z(), mk.pValue(),
                    runsZ, String.format(java.util.Locale.ROOT,
                            "no material monotonic trend, but sustained swings around the median"
                                    + " (runs test z=%.3g)", runsZ));
        }
        return new TrendResult(Trend.FLAT, slope, change, mk.s(), mk.z(), mk.pValue(), runsZ,
                String.format(java.util.Locale.ROOT,
                        "no significant or material trend (Mann-Kendall p=%.3g)", mk.pValue()));
    }

    /** Runs-test z of values above vs below the median (values equal to it are left out). */
    static double runsZ(double[] y, double median) {
        long above = 0;
        long below = 0;
        long runs = 0;
        int previous = 0;
        for (double v : y) {
            int side = v > median ? 1 : (v < median ? -1 : 0);
            if (side == 0) {
                continue;
            }
            if (side > 0) {
                above++;
            } else {
                below++;
            }
            if (side != previous) {
                runs++;
                previous = side;
            }
        }
        double total = above + below;
        if (above == 0 || below == 0 || total < 3) {
            return 0;
        }
        double product = 2.0 * above * below;
        double expected = product / total + 1;
        double variance = product * (product - total) / (total * total * (total - 1));
        return variance > 0 ? (runs - expected) / Math.sqrt(variance) : 0;
    }
}
