package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Tests for {@link MeanCostSolver} and {@link MeanVarCostSolver}: the pruned solvers find the same
 * optimal penalised cost and changepoints as exhaustive O(n²) optimal partitioning, for every cost
 * and penalty, on small random series with steps, outliers, exact ties and constant runs.
 */
class ExhaustiveAgreementTest {

    @Property(tries = 400)
    @Label("the mean-cost solver equals brute-force optimal partitioning")
    void mean_cost_solver_equals_brute_force(
            @ForAll("series") double[] x,
            @ForAll("penalties") double penalty,
            @ForAll boolean mbic,
            @ForAll @IntRange(min = 1, max = 4) int minSeg) {
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN, mbic);
        assertSame(ExhaustiveSegmenter.solve(costs, minSeg, penalty),
                MeanCostSolver.solve(costs, minSeg, penalty));
    }

    @Property(tries = 400)
    @Label("the mean-and-variance solver equals brute-force optimal partitioning")
    void mean_var_cost_solver_equals_brute_force(
            @ForAll("series") double[] x,
            @ForAll("penalties") double penalty,
            @ForAll boolean mbic,
            @ForAll @IntRange(min = 2, max = 4) int minSeg) {
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
        assertSame(ExhaustiveSegmenter.solve(costs, minSeg, penalty),
                MeanVarCostSolver.solve(costs, minSeg, penalty));
    }

    @Property(tries = 100)
    @Label("the R penalties give the brute-force optimum on series of a few hundred values")
    void r_penalties_equal_brute_force_on_longer_series(
            @ForAll("longSeries") double[] x, @ForAll boolean meanVar, @ForAll boolean mbic) {
        CostFunction cost = meanVar ? CostFunction.MEAN_VAR : CostFunction.MEAN;
        Penalty p = mbic ? Penalty.mbic() : Penalty.bic();
        double penalty = p.value(cost, x.length);
        SegmentCost costs = new SegmentCost(new PrefixSums(x), cost, p.addsSegmentLengthTerm());
        int m = cost.defaultMinSegmentLength();
        Segmentation fast = meanVar ? MeanVarCostSolver.solve(costs, m, penalty)
                : MeanCostSolver.solve(costs, m, penalty);
        assertSame(ExhaustiveSegmenter.solve(costs, m, penalty), fast);
    }

    @Property(tries = 120)
    @Label("looking ahead at the future fits keeps the brute-force optimum, any penalty and minimum")
    void mean_var_look_ahead_equals_brute_force_on_longer_series(
            @ForAll("mediumSeries") double[] x,
            @ForAll("penalties") double penalty,
            @ForAll boolean mbic,
            @ForAll @IntRange(min = 2, max = 5) int minSeg) {
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
        Segmentation expected = ExhaustiveSegmenter.solve(costs, minSeg, penalty);
        assertSame(expected, MeanVarCostSolver.solve(costs, minSeg, penalty, true));
        assertSame(expected, MeanVarCostSolver.solve(costs, minSeg, penalty, false));
    }

    @Property(tries = 40)
    @Label("on noise, looking ahead keeps the optimum")
    void mean_var_look_ahead_on_noise_prunes_more(
            @ForAll long seed,
            @ForAll @IntRange(min = 300, max = 700) int n,
            @ForAll boolean mbic) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
        double penalty = (mbic ? Penalty.mbic() : Penalty.bic()).value(CostFunction.MEAN_VAR, n);
        Segmentation with = MeanVarCostSolver.solve(costs, 2, penalty, true);
        Segmentation without = MeanVarCostSolver.solve(costs, 2, penalty, false);
        assertSame(ExhaustiveSegmenter.solve(costs, 2, penalty), with);
        assertSame(without, with);
    }

    @org.junit.jupiter.api.Test
    void looking_ahead_drops_candidates_that_functional_pruning_keeps_on_noise() {
        double[] x = io.fgm.studies.testdata.PlantedSeries.noise(4_000, 42);
        for (boolean mbic : new boolean[] {false, true}) {
            SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
            double penalty = (mbic ? Penalty.mbic() : Penalty.bic()).value(CostFunction.MEAN_VAR,
                    x.length);
            Segmentation with = MeanVarCostSolver.solve(costs, 2, penalty, true);
            Segmentation without = MeanVarCostSolver.solve(costs, 2, penalty, false);
            assertSame(without, with);
            org.junit.jupiter.api.Assertions.assertTrue(
                    with.peakCandidates() < without.peakCandidates(),
                    "mbic=" + mbic + ": " + with.peakCandidates() + " vs " + without.peakCandidates());
        }
    }

    private static void assertSame(Segmentation expected, Segmentation actual) {
        assertEquals(expected.totalCost(), actual.totalCost(),
                1e-9 * (1 + Math.abs(expected.totalCost())), "optimal penalised cost");
        assertArrayEquals(expected.changepoints(), actual.changepoints(), "changepoints");
    }

    @Provide
    Arbitrary<Double> penalties() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, 5.0),
                Arbitraries.doubles().between(0, 30));
    }

    @Provide
    Arbitrary<double[]> series() {
        return seriesOf(2, 40);
    }

    @Provide
    Arbitrary<double[]> mediumSeries() {
        return seriesOf(40, 200);
    }

    @Provide
    Arbitrary<double[]> longSeries() {
        return seriesOf(100, 300);
    }

    /**
     * Piecewise series: each piece is constant (exact ties), noisy around a level, or integer
     * valued, so floors, ties and real changes all occur.
     */
    private static Arbitrary<double[]> seriesOf(int minLength, int maxLength) {
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Integer> lengths = Arbitraries.integers().between(minLength, maxLength);
        return Combinators.combine(seeds, lengths).as((seed, n) -> {
            java.util.Random r = new java.util.Random(seed);
            double[] x = new double[n];
            int i = 0;
            while (i < n) {
                int len = 1 + r.nextInt(Math.max(1, n / 3));
                double level = r.nextInt(5) - 2 + (r.nextBoolean() ? 0 : r.nextGaussian() * 3);
                double sd = r.nextInt(4) == 0 ? 0 : Math.exp(r.nextGaussian());
                boolean integer = r.nextInt(4) == 0;
                for (int j = 0; j < len && i < n; j++, i++) {
                    double v = level + sd * r.nextGaussian();
                    x[i] = integer ? Math.rint(v) : v;
                }
            }
            return x;
        });
    }
}
