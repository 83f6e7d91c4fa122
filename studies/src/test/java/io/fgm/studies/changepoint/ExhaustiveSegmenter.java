package io.fgm.studies.changepoint;

/**
 * Reference optimal partitioning by exhaustive O(n²) dynamic programming (Jackson et al. 2005):
 * every candidate is evaluated at every step and nothing is pruned. Used by the tests to check the
 * pruned solvers; slow on purpose.
 */
final class ExhaustiveSegmenter {
    private ExhaustiveSegmenter() {}

    static Segmentation solve(SegmentCost costs, int minSeg, double penalty) {
        int n = costs.sums().size();
        if (n < 2 * minSeg) {
            return new Segmentation(new int[0], costs.cost(0, n), 1);
        }
        double[] f = new double[n + 1];
        int[] last = new int[n + 1];
        f[0] = -penalty;
        for (int t = minSeg; t <= n; t++) {
            double best = Double.POSITIVE_INFINITY;
            int bestTau = -1;
            for (int tau = 0; tau <= t - minSeg; tau++) {
                if (tau > 0 && tau < minSeg) {
                    continue;
                }
                double v = SegmentCost.candidateValue(f[tau], costs.cost(tau, t), penalty);
                if (v < best) {
                    best = v;
                    bestTau = tau;
                }
            }
            f[t] = best;
            last[t] = bestTau;
        }
        return Segmentation.backtrack(last, f[n], n);
    }
}
