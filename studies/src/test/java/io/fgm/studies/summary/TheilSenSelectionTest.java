package io.fgm.studies.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.studies.testdata.PlantedSeries;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Randomized slope selection ({@link TheilSen}) returns exactly the same double as the median of
 * all pair slopes ({@link TheilSenPairsOracle}, the previous implementation).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TheilSenSelectionTest {

    /** Shapes: 0 noise, 1 ramp, 2 small integers (many equal slopes), 3 steps, 4 constant runs. */
    static double[][] series(int n, int shape, int timing, long seed) {
        Random r = new Random(seed);
        double[] t = new double[n];
        double[] y = new double[n];
        double offset = r.nextBoolean() ? 0 : 2.5e9;
        double slope = r.nextGaussian() * (r.nextBoolean() ? 1 : 1e4);
        for (int i = 0; i < n; i++) {
            t[i] = switch (timing) {
                case 0 -> i; // every second
                case 1 -> i * 15.0; // every 15 s
                case 2 -> i == 0 ? 0 : t[i - 1] + 0.001 * (1 + r.nextInt(3_000)); // jittered ms
                default -> (1_700_000_000_000L + 1000L * i - 1_700_000_000_000L) / 1000.0;
            };
            double noise = r.nextGaussian() * 10;
            y[i] = offset + switch (shape) {
                case 0 -> noise;
                case 1 -> slope * t[i] + noise;
                case 2 -> r.nextInt(4);
                case 3 -> (i * 5 / n) * 100 + r.nextInt(3);
                default -> r.nextInt(10) < 7 ? 42 : noise;
            };
        }
        return new double[][] {t, y};
    }

    @Property(tries = 200)
    void selection_equals_the_median_of_all_pair_slopes_exactly(
            @ForAll @IntRange(min = 2, max = 2_000) int n,
            @ForAll @IntRange(min = 0, max = 4) int shape,
            @ForAll @IntRange(min = 0, max = 3) int timing,
            @ForAll long seed) {
        double[][] s = series(n, shape, timing, seed);
        assertEquals(TheilSenPairsOracle.slope(s[0], s[1]), TheilSen.slope(s[0], s[1]));
    }

    @Test
    void selection_certifies_the_median_without_listing_all_pairs_on_every_shape() {
        // every shape and timing, including millisecond jitter on a 2.5e9 offset
        for (int shape = 0; shape < 5; shape++) {
            for (int timing = 0; timing < 4; timing++) {
                for (long seed = 0; seed < 4; seed++) {
                    double[][] s = series(1_500, shape, timing, seed);
                    double[] ranks = TheilSen.bySelection(s[0], s[1]);
                    String where = "shape " + shape + " timing " + timing + " seed " + seed;
                    assertNotNull(ranks, where);
                    assertEquals(TheilSenPairsOracle.slope(s[0], s[1]),
                            (ranks[0] + ranks[1]) / 2, where);
                }
            }
        }
    }

    @Test
    void the_leak_series_of_the_benchmark_has_the_same_slope_as_before() {
        double[] x = PlantedSeries.leakWithDrop(86_400, 60_000, 500e6, 5e3, 1e6, 3);
        double[] t = new double[x.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        assertEquals(TheilSenPairsOracle.slope(t, x), TheilSen.slope(t, x));
        double[] tail = java.util.Arrays.copyOfRange(x, 60_000, x.length);
        double[] tailT = java.util.Arrays.copyOfRange(t, 60_000, t.length);
        assertEquals(TheilSenPairsOracle.slope(tailT, tail), TheilSen.slope(tailT, tail));
    }

    @Test
    void a_perfectly_linear_series_where_every_pair_has_the_same_slope_keeps_that_slope() {
        double[] t = new double[2_000];
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 10.0;
            y[i] = 1e6 + 4096.0 * t[i];
        }
        assertEquals(4096.0, TheilSen.slope(t, y));
        assertEquals(TheilSenPairsOracle.slope(t, y), TheilSen.slope(t, y));
    }

    @Test
    void a_constant_series_has_slope_zero() {
        double[] t = new double[800];
        double[] y = new double[800];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            y[i] = 7;
        }
        assertEquals(0.0, TheilSen.slope(t, y));
    }

    @Test
    void without_a_reset_the_leak_reuses_the_trend_slope_and_test_with_the_same_score() {
        double[] y = new double[3_600];
        double[] t = new double[y.length];
        int[] indices = new int[y.length];
        Random r = new Random(3);
        for (int i = 0; i < y.length; i++) {
            t[i] = i;
            y[i] = 1e9 + 2e4 * i + r.nextGaussian() * 1e6;
            indices[i] = i;
        }
        double[] sorted = y.clone();
        java.util.Arrays.sort(sorted);
        SummaryOptions options = SummaryOptions.defaults().withLimit(2e9);
        TrendResult trend = TrendAnalysis.classify(t, y, Percentiles.type7(sorted, 0.05),
                Percentiles.type7(sorted, 0.5), Percentiles.type7(sorted, 0.95), options.alpha());
        LeakScore reused = LeakAnalysis.score(t, y, indices, null, options, trend);
        LeakScore recomputed = LeakAnalysis.score(t, y, indices, null, options);
        assertEquals(0, reused.sinceIndex());
        assertEquals(recomputed, reused);
        assertTrue(reused.score() > 0.5);
    }
}
