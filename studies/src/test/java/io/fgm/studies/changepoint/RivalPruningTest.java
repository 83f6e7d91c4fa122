package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The mean-and-variance solver drops a young candidate τ without slabs when an older rival q (its
 * predecessor's segment, with the fit of [q, τ) pooled with τ's future fits) or a later rival s
 * (whose region τ's future fits leave) is better at every end, and parks it, unevaluated, until
 * the first end where that is not shown. The rival check only runs after segments of at least
 * {@link MeanVarCostSolver#MIN_RUN} values, so these series have long pieces: noise with steps in
 * mean and variance, small integers (exact ties), pieces near the 1e-11 variance floor.
 */
class RivalPruningTest {

    @Property(tries = 60)
    @Label("with long pieces, the solver equals brute force for any penalty and minimum")
    void solverEqualsBruteForceOnLongPieces(
            @ForAll("longPieces") double[] x,
            @ForAll("penalties") double penalty,
            @ForAll boolean mbic,
            @ForAll @IntRange(min = 2, max = 5) int minSeg) {
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
        assertSame(ExhaustiveSegmenter.solve(costs, minSeg, penalty),
                MeanVarCostSolver.solve(costs, minSeg, penalty));
    }

    @Property(tries = 30)
    @Label("with long pieces, R's penalties give the brute-force optimum")
    void rPenaltiesEqualBruteForceOnLongPieces(@ForAll("longPieces") double[] x,
            @ForAll boolean mbic) {
        SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
        double penalty = (mbic ? Penalty.mbic() : Penalty.bic()).value(CostFunction.MEAN_VAR,
                x.length);
        assertSame(ExhaustiveSegmenter.solve(costs, 2, penalty),
                MeanVarCostSolver.solve(costs, 2, penalty));
    }

    @Test
    void dropsAlmostEveryCandidateOfPureNoiseBeforeItGetsSlabs() {
        double[] x = io.fgm.studies.testdata.PlantedSeries.noise(4_000, 7);
        for (boolean mbic : new boolean[] {false, true}) {
            SegmentCost costs = new SegmentCost(new PrefixSums(x), CostFunction.MEAN_VAR, mbic);
            double penalty = (mbic ? Penalty.mbic() : Penalty.bic()).value(CostFunction.MEAN_VAR,
                    x.length);
            Segmentation with = MeanVarCostSolver.solve(costs, 2, penalty, true);
            Segmentation without = MeanVarCostSolver.solve(costs, 2, penalty, false);
            assertSame(without, with);
            // the young candidates (ages 2–16) and parked ones, which cost nothing until they
            // wake up: a shared walk parks its members (up to 16) together (peak 31–80 here on
            // 2026-11-25, 31–40 before the shared walks); functional pruning alone keeps hundreds
            assertTrue(with.peakCandidates() <= 100,
                    "mbic=" + mbic + ": peak " + with.peakCandidates());
        }
    }

    @Property(tries = 2000)
    @Label("the divergence bound lies above x − ln x − 1, within a cubic term of it")
    void divergenceBoundsTheExactValue(@ForAll("ratios") double x) {
        BigDecimal exact = new BigDecimal(x).subtract(BigDecimal.ONE).subtract(ln(new BigDecimal(x)),
                DIGITS);
        double bound = MeanVarCostSolver.divergence(x);
        assertTrue(new BigDecimal(bound).compareTo(exact) >= 0,
                () -> "divergence(" + x + ") = " + bound + " below " + exact);
        double z = Math.abs(x - 1);
        if (x >= 0.5) {
            assertTrue(bound - exact.doubleValue() <= z * z * z + 1e-15,
                    () -> "divergence(" + x + ") = " + bound + " too far above " + exact);
        }
    }

    private static void assertSame(Segmentation expected, Segmentation actual) {
        assertEquals(expected.totalCost(), actual.totalCost(),
                1e-9 * (1 + Math.abs(expected.totalCost())), "optimal penalised cost");
        assertArrayEquals(expected.changepoints(), actual.changepoints(), "changepoints");
    }

    /** Mostly near 1, where the series bound is used, and some far from it. */
    @Provide
    Arbitrary<Double> ratios() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.4, 2).ofScale(16),
                Arbitraries.doubles().between(1e-6, 50).ofScale(12));
    }

    @Provide
    Arbitrary<Double> penalties() {
        return Arbitraries.oneOf(Arbitraries.of(0.0, 5.0, 10.0, 30.0),
                Arbitraries.doubles().between(0, 50));
    }

    /**
     * 300–1,100 values in pieces of 40–600: unit noise, noise of random scale or level, a scale
     * near the floor, small integers, exact constants; sometimes on an offset of 1e3.
     */
    @Provide
    Arbitrary<double[]> longPieces() {
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Integer> lengths = Arbitraries.integers().between(300, 1_100);
        return Combinators.combine(seeds, lengths).as((seed, n) -> {
            java.util.Random r = new java.util.Random(seed);
            double offset = r.nextInt(4) == 0 ? 1e3 : 0;
            double[] x = new double[n];
            int i = 0;
            while (i < n) {
                int len = 40 + r.nextInt(560);
                int kind = r.nextInt(7);
                double level = offset + (r.nextBoolean() ? 0 : r.nextGaussian() * (1 + r.nextInt(3)));
                double sd = switch (kind) {
                    case 0, 1, 2 -> 1;
                    case 3 -> Math.exp(r.nextGaussian());
                    case 4 -> Math.pow(10, -7 + 3 * r.nextDouble());
                    default -> 0;
                };
                for (int j = 0; j < len && i < n; j++, i++) {
                    x[i] = kind == 5 ? offset + r.nextInt(3) : level + sd * r.nextGaussian();
                }
            }
            return x;
        });
    }

    private static final MathContext DIGITS = new MathContext(40);

    private static final BigDecimal LN2 = atanh(BigDecimal.valueOf(2));

    /** ln x for x &gt; 0: x = 2^k·y with y in [1, 2), ln y = 2·atanh((y − 1)/(y + 1)). */
    private static BigDecimal ln(BigDecimal x) {
        int k = 0;
        BigDecimal y = x;
        BigDecimal two = BigDecimal.valueOf(2);
        while (y.compareTo(two) >= 0) {
            y = y.divide(two, DIGITS);
            k++;
        }
        while (y.compareTo(BigDecimal.ONE) < 0) {
            y = y.multiply(two, DIGITS);
            k--;
        }
        return atanh(y).add(LN2.multiply(BigDecimal.valueOf(k)), DIGITS);
    }

    private static BigDecimal atanh(BigDecimal y) {
        BigDecimal z = y.subtract(BigDecimal.ONE).divide(y.add(BigDecimal.ONE), DIGITS);
        BigDecimal z2 = z.multiply(z, DIGITS);
        BigDecimal power = z;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 1; k < 90; k += 2) {
            sum = sum.add(power.divide(BigDecimal.valueOf(k), DIGITS), DIGITS);
            power = power.multiply(z2, DIGITS);
        }
        return sum.multiply(BigDecimal.valueOf(2), DIGITS);
    }
}
