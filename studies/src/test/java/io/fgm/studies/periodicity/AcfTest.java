package io.fgm.studies.periodicity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Tests for {@link Acf}. */
class AcfTest {

    /** The textbook definition, written out naively: r_k = Σ(x_i − x̄)(x_{i+k} − x̄)/n / r_0. */
    private static double[] textbook(double[] x, int maxLag) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] c = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            for (int i = 0; i < n - k; i++) {
                c[k] += (x[i] - mean) * (x[i + k] - mean);
            }
            c[k] /= n;
        }
        double[] r = new double[maxLag + 1];
        for (int k = 0; k <= maxLag; k++) {
            r[k] = c[k] / c[0];
        }
        return r;
    }

    @Property(tries = 300)
    @Label("the ACF equals the textbook formula to 1e-9")
    void acf_equals_the_textbook_formula(
            @ForAll @Size(min = 3, max = 200) double[] raw,
            @ForAll @IntRange(min = 0, max = 50) int maxLag,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double offset) {
        double[] x = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = offset + (Double.isFinite(raw[i]) ? raw[i] % 1000 : i);
        }
        int lag = Math.min(maxLag, x.length - 1);
        double[] expected = textbook(x, lag);
        double[] actual = Acf.acf(x, maxLag);
        if (Double.isNaN(expected[0]) || !Double.isFinite(expected[lag])) {
            return; // constant input: the textbook divides by zero
        }
        for (int k = 0; k <= lag; k++) {
            assertEquals(expected[k], actual[k], 1e-9, "lag " + k);
        }
    }

    @Test
    @DisplayName("the ACF of 1..10 matches R's acf(1:10)")
    void acf_of_one_to_ten_matches_r() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] r = Acf.acf(x, 3);
        // R: acf(1:10, plot = FALSE)$acf[1:4] = 1.000 0.700 0.412 0.148
        assertEquals(1.0, r[0], 1e-12);
        assertEquals(0.7, r[1], 1e-12);
        assertEquals(0.41212121212121, r[2], 1e-12);
        assertEquals(0.14848484848485, r[3], 1e-12);
    }

    @Test
    @DisplayName("a constant series gives 1 at lag 0 and 0 elsewhere, never NaN")
    void constant_series_has_no_nan() {
        assertArrayEquals(new double[] {1, 0, 0}, Acf.acf(new double[] {3, 3, 3, 3}, 2), 0);
    }

    @Test
    @DisplayName("missing values are passed over as R's na.pass does")
    void missing_values_follow_na_pass() {
        double[] x = {1, Double.NaN, 3, 4, 2};
        // mean of present = 2.5; lag 0: (2.25 + .25 + 2.25 + .25)/4 = 1.25
        // lag 1: pairs (3,4) and (4,2): (.5·1.5 + 1.5·−.5)/(2 + 1) = 0
        double[] r = Acf.acf(x, 1);
        assertEquals(1.0, r[0], 1e-12);
        assertEquals(0.0, r[1], 1e-12);
    }

    @Test
    @DisplayName("the largest lag is capped at n minus one and a negative one is refused")
    void lag_bounds() {
        assertEquals(3, Acf.acf(new double[] {1, 2, 4}, 10).length);
        assertThrows(IllegalArgumentException.class, () -> Acf.acf(new double[] {1, 2}, -1));
    }
}
