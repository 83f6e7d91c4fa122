package io.fgm.studies.changepoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The mean-and-variance solver takes MBIC's length terms ln((n − τ)/(n − t)) (PELT's inequality)
 * and ln((T − r)/(T − τ)) (the look-ahead's older regions) from the ln(len) table instead of a
 * {@code log1p}. Both uses are only exact if the bound is on the right side of the true value:
 * a lower bound where the term makes a candidate lose, an upper bound where it shrinks the region
 * of an older candidate. These properties compare the bounds with ln(a/b) to ~38 digits; a
 * margin of the wrong sign (or none) fails them.
 */
class LengthRatioBoundsTest {
    private static final int LONGEST = 200_000;

    private static final MathContext DIGITS = new MathContext(40);

    @Property(tries = 1000)
    @Label("the table's bounds hold ln(a/b) between them, strictly")
    void tableBoundsHoldTheExactLogRatio(
            @ForAll @IntRange(min = 1, max = LONGEST) int a,
            @ForAll @IntRange(min = 1, max = LONGEST) int b) {
        double[] table = table();
        BigDecimal exact = lnRatio(a, b);
        double lower = SegmentCost.lnRatioAtLeast(table, a, b);
        double upper = SegmentCost.lnRatioAtMost(table, a, b);
        assertTrue(new BigDecimal(lower).compareTo(exact) < 0,
                () -> "lower bound " + lower + " not below ln(" + a + "/" + b + ") = " + exact);
        assertTrue(new BigDecimal(upper).compareTo(exact) > 0,
                () -> "upper bound " + upper + " not above ln(" + a + "/" + b + ") = " + exact);
    }

    @Property(tries = 200)
    @Label("the bounds are within 1e-12 of ln(a/b), as tight as a log1p needs to be here")
    void tableBoundsAreTight(
            @ForAll @IntRange(min = 1, max = LONGEST) int a,
            @ForAll @IntRange(min = 1, max = LONGEST) int b) {
        double[] table = table();
        double exact = lnRatio(a, b).doubleValue();
        assertTrue(Math.abs(SegmentCost.lnRatioAtLeast(table, a, b) - exact) < 1e-12);
        assertTrue(Math.abs(SegmentCost.lnRatioAtMost(table, a, b) - exact) < 1e-12);
    }

    /** The shared table, grown to cover {@link #LONGEST} as a solver on that many values would. */
    private static double[] table() {
        double[] table = SHARED;
        if (table == null) {
            table = new SegmentCost(new PrefixSums(new double[LONGEST]), CostFunction.MEAN_VAR, true)
                    .lnLengths();
            SHARED = table;
        }
        return table;
    }

    private static double[] SHARED;

    private static final BigDecimal LN2 = atanhSeries(BigDecimal.valueOf(2));

    /** ln(a/b) = ln a − ln b, each to ~38 digits. */
    private static BigDecimal lnRatio(int a, int b) {
        return ln(a).subtract(ln(b), DIGITS);
    }

    /**
     * ln x for an integer x ≥ 1: x = 2^k·y with y in [1, 2), ln y = 2·atanh((y − 1)/(y + 1)) by
     * its series (|z| ≤ 1/3, so the terms fall ninefold), ln 2 likewise with y = 2.
     */
    private static BigDecimal ln(int x) {
        int k = 31 - Integer.numberOfLeadingZeros(x);
        BigDecimal y = new BigDecimal(x).divide(new BigDecimal(1L << k), DIGITS);
        return atanhSeries(y).add(LN2.multiply(BigDecimal.valueOf(k)), DIGITS);
    }

    private static BigDecimal atanhSeries(BigDecimal y) {
        BigDecimal z = y.subtract(BigDecimal.ONE).divide(y.add(BigDecimal.ONE), DIGITS);
        BigDecimal z2 = z.multiply(z, DIGITS);
        BigDecimal power = z;
        BigDecimal sum = BigDecimal.ZERO;
        // |z| ≤ 1/3: after 45 terms they are below 1e-43 of the first
        for (int k = 1; k < 90; k += 2) {
            sum = sum.add(power.divide(BigDecimal.valueOf(k), DIGITS), DIGITS);
            power = power.multiply(z2, DIGITS);
        }
        return sum.multiply(BigDecimal.valueOf(2), DIGITS);
    }
}
