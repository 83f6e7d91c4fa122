package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The mean-and-variance solver screens candidates with a lower bound of ln σ² before it takes the
 * logarithm ({@link SegmentCost#lnAtMost}): a candidate whose value computed with the bound
 * exceeds the best so far is skipped, and the bound stands in for the value in PELT's inequality.
 * Both are only exact if the bound, as a double, is at most {@code Math.log}. At powers of two
 * (and next to them) the series is exact up to rounding, so there a margin of the wrong sign
 * fails the first property (checked 2026-11-25).
 */
class LogLowerBoundTest {

    @Property(tries = 3000)
    @Label("the bound is at most Math.log and within 1.3e-5 of it, over the doubles' whole range")
    void boundIsAtMostTheLogarithm(
            @ForAll @DoubleRange(min = 1, max = 2, maxIncluded = false) double mantissa,
            @ForAll @IntRange(min = -1020, max = 1020) int exponent) {
        check(Math.scalb(mantissa, exponent));
    }

    @Property(tries = 2000)
    @Label("the bound is at most Math.log at and next to powers of two")
    void boundIsAtMostTheLogarithmNextToPowersOfTwo(
            @ForAll @IntRange(min = -1020, max = 1020) int exponent,
            @ForAll @IntRange(min = -3, max = 3) int ulps) {
        double x = Math.scalb(1.0, exponent);
        for (int i = 0; i < Math.abs(ulps); i++) {
            x = ulps > 0 ? Math.nextUp(x) : Math.nextDown(x);
        }
        check(x);
    }

    private static void check(double x) {
        double bound = SegmentCost.lnAtMost(x);
        double log = Math.log(x);
        assertTrue(bound <= log, () -> "lnAtMost(" + x + ") = " + bound + " > " + log);
        assertTrue(log - bound <= 1.3e-5 + 1e-11 * Math.abs(log),
                () -> "lnAtMost(" + x + ") = " + bound + " too far below " + log);
    }
}
