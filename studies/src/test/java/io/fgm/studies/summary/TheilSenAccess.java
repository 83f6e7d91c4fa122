package io.fgm.studies.summary;

/** Benchmark access (test scope) to the package-private Theil–Sen slope and its oracle. */
public final class TheilSenAccess {
    private TheilSenAccess() {}

    /** {@link TheilSen#slope}: randomized slope selection. */
    public static double selection(double[] t, double[] y) {
        return TheilSen.slope(t, y);
    }

    /** {@link TheilSenPairsOracle#slope}: all pair slopes and quickselect (the previous code). */
    public static double allPairs(double[] t, double[] y) {
        return TheilSenPairsOracle.slope(t, y);
    }
}
