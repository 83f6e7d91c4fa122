package io.fgm.studies.changepoint;

/**
 * What a solver returns: the changepoints (0-based start indices of the new segments, ascending)
 * and the optimal penalised cost F(n) = Σ segment costs + (number of changepoints)·β.
 *
 * @param changepoints start index of every segment but the first, ascending
 * @param totalCost the optimal penalised cost
 * @param peakCandidates the largest number of candidates the solver kept at once (a diagnostic
 *     of how well the pruning worked)
 */
record Segmentation(int[] changepoints, double totalCost, int peakCandidates) {

    /** Walks the optimal-last-changepoint array back from its last index. */
    static Segmentation backtrack(int[] lastChange, double totalCost, int peakCandidates) {
        return backtrack(lastChange, lastChange.length - 1, totalCost, peakCandidates);
    }

    /** Walks the optimal-last-changepoint array back from n (the array may be longer). */
    static Segmentation backtrack(int[] lastChange, int n, double totalCost, int peakCandidates) {
        int count = 0;
        for (int t = n; t > 0; t = lastChange[t]) {
            count++;
        }
        int[] cps = new int[count - 1];
        int i = count - 1;
        for (int t = lastChange[n]; t > 0; t = lastChange[t]) {
            cps[--i] = t;
        }
        return new Segmentation(cps, totalCost, peakCandidates);
    }
}
