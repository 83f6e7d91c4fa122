package io.fgm.studies.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.studies.testdata.PlantedSeries;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Tests for {@link Summaries}: statistics, gaps, trends and leak scores. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SummariesTest {

    @Test
    void statistics_match_hand_computed_values_and_r_quantile_type_7() {
        double[] x = {4, 1, 3, 2, 10};
        SeriesSummary s = Summaries.summarize(x, SummaryOptions.defaults());
        assertEquals(5, s.count());
        assertEquals(4.0, s.avg(), 1e-12);
        assertEquals(1.0, s.min());
        assertEquals(10.0, s.max());
        // sum of squares around 4: 0 + 9 + 1 + 4 + 36 = 50, / 4
        assertEquals(Math.sqrt(12.5), s.stddev(), 1e-12);
        assertEquals(3.0, s.p50(), 1e-12);
        // sorted 1 2 3 4 10: h = 4·0.95 = 3.8 -> 4 + 0.8·6
        assertEquals(8.8, s.p95(), 1e-12);
        assertEquals(4 + 0.96 * 6, s.p99(), 1e-12);
        assertEquals(10.0, s.last());
    }

    @Test
    void missing_values_are_reported_as_gaps_and_left_out_of_the_statistics() {
        double[] x = {1, Double.NaN, Double.NaN, 3, Double.NaN};
        long[] t = {0, 1000, 2000, 3000, 4000};
        SeriesSummary s = Summaries.summarize(x, t, SummaryOptions.defaults());
        assertEquals(2, s.count());
        assertEquals(3, s.missingValues());
        assertEquals(2.0, s.avg(), 1e-12);
        assertEquals(3000L, s.lastTimeMs());
        assertEquals(List.of(new Gap(GapKind.MISSING_VALUES, 1, 3, 1000L, 2000L, 2),
                new Gap(GapKind.MISSING_VALUES, 4, 5, 4000L, 4000L, 1)), s.gaps());
    }

    @Test
    void holes_in_the_timestamps_are_reported_with_the_samples_they_miss() {
        double[] x = {1, 2, 3, 4, 5, 6};
        long[] t = {0, 1000, 2000, 7000, 8000, 9000};
        SeriesSummary s = Summaries.summarize(x, t, SummaryOptions.defaults());
        assertEquals(List.of(new Gap(GapKind.MISSING_TIME, 3, 3, 2000L, 7000L, 4)), s.gaps());
        assertEquals(4, s.missingSamples());
    }

    @Test
    void an_empty_series_has_null_statistics_not_zeros() {
        SeriesSummary s = Summaries.summarize(new double[] {Double.NaN}, SummaryOptions.defaults());
        assertEquals(0, s.count());
        assertNull(s.avg());
        assertNull(s.trend());
    }

    @Test
    void a_noisy_ramp_is_rising_with_a_significant_mann_kendall_test() {
        double[] x = PlantedSeries.leakWithDrop(600, 600, 100, 0.05, 1, 3);
        TrendResult trend = Summaries.summarize(x, SummaryOptions.defaults()).trend();
        assertEquals(Trend.RISING, trend.trend(), trend.reason());
        assertTrue(trend.pValue() < 1e-6);
        assertEquals(0.05, trend.slopePerSecond(), 0.01);
    }

    @Test
    void a_falling_series_is_falling() {
        double[] x = PlantedSeries.leakWithDrop(600, 600, 100, -0.05, 1, 4);
        assertEquals(Trend.FALLING, Summaries.summarize(x, SummaryOptions.defaults()).trend().trend());
    }

    @Test
    void pure_noise_is_flat() {
        TrendResult trend = Summaries.summarize(PlantedSeries.noise(2_000, 8),
                SummaryOptions.defaults()).trend();
        assertEquals(Trend.FLAT, trend.trend(), trend.reason());
    }

    @Test
    void a_constant_series_is_flat() {
        double[] x = new double[100];
        java.util.Arrays.fill(x, 3);
        assertEquals(Trend.FLAT, Summaries.summarize(x, SummaryOptions.defaults()).trend().trend());
    }

    @Test
    void slow_swings_without_a_trend_are_oscillating() {
        double[] x = new double[1_200];
        double[] noise = PlantedSeries.noise(1_200, 5);
        for (int i = 0; i < x.length; i++) {
            x[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 120.0) + noise[i];
        }
        TrendResult trend = Summaries.summarize(x, SummaryOptions.defaults()).trend();
        assertEquals(Trend.OSCILLATING, trend.trend(), trend.reason());
        assertTrue(trend.runsZ() < -2);
    }

    @Test
    void a_leak_toward_the_limit_scores_high_with_the_time_to_reach_it() {
        // 500 MB growing 100 kB/s, limit 1 GB: about 1,900 s of headroom left after 3,000 s
        double[] x = PlantedSeries.leakWithDrop(3_000, 3_000, 500e6, 100e3, 1e6, 12);
        SeriesSummary s = Summaries.summarize(x, SummaryOptions.defaults().withLimit(1e9));
        LeakScore leak = s.leak();
        assertTrue(leak.score() > 0.9, "score " + leak.score());
        assertEquals(100e3, leak.slopePerSecond(), 2e3);
        assertNotNull(leak.timeToLimitSeconds());
        double expected = (1e9 - x[x.length - 1]) / leak.slopePerSecond();
        assertEquals(expected, leak.timeToLimitSeconds(), 1e-6);
        assertEquals(0, leak.resets());
    }

    @Test
    void after_an_oom_kill_the_leak_is_judged_on_the_new_ramp() {
        double[] x = PlantedSeries.leakWithDrop(3_000, 2_000, 500e6, 100e3, 1e6, 13);
        LeakScore leak = Summaries.summarize(x, SummaryOptions.defaults()).leak();
        assertEquals(1, leak.resets());
        assertEquals(2_000, leak.sinceIndex());
        assertTrue(leak.score() > 0.9, "score " + leak.score());
    }

    @Test
    void noise_has_a_low_leak_score() {
        double[] x = PlantedSeries.noise(2_000, 21);
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e9 + 1e6 * x[i];
        }
        assertTrue(Summaries.summarize(x, SummaryOptions.defaults().withLimit(2e9)).leak().score()
                < 0.05);
    }

    @Test
    void theil_sen_equals_the_median_of_all_pairwise_slopes() {
        java.util.Random r = new java.util.Random(2);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + r.nextInt(60);
            double[] t = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = i == 0 ? 0 : t[i - 1] + 0.5 + r.nextDouble();
                y[i] = r.nextInt(3) == 0 ? r.nextInt(5) : r.nextGaussian() * 10;
            }
            double[] slopes = new double[n * (n - 1) / 2];
            int w = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    slopes[w++] = (y[j] - y[i]) / (t[j] - t[i]);
                }
            }
            java.util.Arrays.sort(slopes);
            int m = slopes.length;
            double median = m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
            assertEquals(median, TheilSen.slope(t, y), 1e-12);
        }
    }

    @Test
    void mann_kendall_counts_concordant_minus_discordant_pairs_with_ties() {
        // pairs of 1 3 2 2: (1,3)+ (1,2)+ (1,2)+ (3,2)- (3,2)- (2,2)0 -> S = 1
        MannKendall mk = MannKendall.test(new double[] {1, 3, 2, 2});
        assertEquals(1, mk.s());
        // Var = [4·3·13 − 2·1·9]/18 = 138/18; Z = (1 − 1)/√Var = 0
        assertEquals(0, mk.z(), 1e-12);
        assertEquals(1, mk.pValue(), 1e-12);
        MannKendall rising = MannKendall.test(new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(15, rising.s());
        assertEquals(14 / Math.sqrt(6 * 5 * 17 / 18.0), rising.z(), 1e-12);
    }
}
