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
 * The mean-and-variance solver skips the evaluation of a candidate at the ends where looking ahead
 * has already shown it to lose, and resumes each look-ahead check where the previous one stopped.
 * Both rest on "lost at T" staying true once shown; these properties check the answers against
 * exhaustive optimal partitioning on series built to stress it: pieces whose variance sits around
 * the 1e-11 floor (near-constant stretches), exact ties (constant and small-integer pieces),
 * variance steps and noise long enough for the look-ahead to run (it starts at age 16), and every
 * prefix of a series, so that the ends near n (where the boxes are shortest) are covered too.
 */
class LookAheadExactnessTest {

    @Property(tries = 150)
    @Label("the solver equals brute force on series with near-constant, tied and noisy pieces")
    void solverEqualsBruteForceOnNearConstantAndTiedPieces(
            @ForAll("stressSeries") double[] x,
            @ForAll("penalties") double penalty,
            @ForAll boolean mbic,
            @ForAll @IntRange(min = 2, max = 5) int minSeg) {
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
        Segmentation expected = ExhaustiveSegmenter.solve(costs, minSeg, penalty);
        assertSame(expected, MeanVarCostSolver.solve(costs, minSeg, penalty, true));
        assertSame(expected, MeanVarCostSolver.solve(costs, minSeg, penalty, false));
    }

    @Property(tries = 25)
    @Label("every prefix of a series gets the brute-force optimum under R's penalties")
    void everyPrefixEqualsBruteForce(@ForAll("stressSeries") double[] x, @ForAll boolean mbic) {
        for (int len = 4; len <= x.length; len += 1 + len / 16) {
            double[] prefix = java.util.Arrays.copyOf(x, len);
            SegmentCost costs = new SegmentCost(new PrefixSums(prefix), CostFunction.MEAN_VAR, mbic);
            double penalty = (mbic ? Penalty.mbic() : Penalty.bic()).value(CostFunction.MEAN_VAR, len);
            assertSame(ExhaustiveSegmenter.solve(costs, 2, penalty),
                    MeanVarCostSolver.solve(costs, 2, penalty));
        }
    }

    private static void assertSame(Segmentation expected, Segmentation actual) {
        assertEquals(expected.totalCost(), actual.totalCost(),
                1e-9 * (1 + Math.abs(expected.totalCost())), "optimal penalised cost");
        assertArrayEquals(expected.changepoints(), actual.changepoints(), "changepoints");
    }

    @Provide
    Arbitrary<Double> penalties() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 2.0, 10.0),
                Arbitraries.doubles().between(0, 40));
    }

    /**
     * 40–260 values in pieces: noise of unit or random scale, a scale close to the floor
     * (standard deviations 1e-7 to 1e-4, so variances from below to above 1e-11), exact
     * constants, small integers (many ties), a step in variance only, sometimes on an offset of
     * 1e3 so that the sums cancel.
     */
    @Provide
    Arbitrary<double[]> stressSeries() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Integer> lengths = Arbitraries.integers().between(40, 260);
        return Combinators.combine(seeds, lengths).as((seed, n) -> {
            java.util.Random r = new java.util.Random(seed);
            double offset = r.nextInt(4) == 0 ? 1e3 : 0;
            double[] x = new double[n];
            int i = 0;
            while (i < n) {
                int len = 1 + r.nextInt(Math.max(1, n / 2));
                int kind = r.nextInt(5);
                double level = offset + r.nextInt(3) - 1 + (r.nextBoolean() ? 0 : r.nextGaussian());
                double sd = switch (kind) {
                    case 0 -> 1;
                    case 1 -> Math.exp(2 * r.nextGaussian());
                    case 2 -> Math.pow(10, -7 + 3 * r.nextDouble());
                    default -> 0;
                };
                for (int j = 0; j < len && i < n; j++, i++) {
                    x[i] = kind == 4 ? offset + r.nextInt(3) : level + sd * r.nextGaussian();
                }
            }
            return x;
        });
    }
}
