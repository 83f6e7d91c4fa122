package io.fgm.studies.periodicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.studies.testdata.PlantedSeries;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link Periodicity} on planted periodic spikes, noise, constants and gaps. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PeriodicityTest {

    @ParameterizedTest(name = "spikes every {0} samples over noise of sd {1} are found")
    @CsvSource({"3, 1", "5, 1", "7, 2", "12, 1", "12, 3", "20, 2", "29, 1"})
    void periodic_spikes_are_found_within_one_sample(int period, double sigma) {
        double[] x = PlantedSeries.periodicSpikes(3_600, period, 12, sigma, period);
        PeriodicityResult r = Periodicity.analyse(x, PeriodicityOptions.defaults());
        assertNotNull(r.dominantPeriod(), "a period is found");
        assertTrue(Math.abs(r.dominantPeriod() - period) <= 1, "period " + r.dominantPeriod());
        assertTrue(r.score() >= 0.5);
        assertTrue(Math.abs(r.amplitude() - 12) < 4, "amplitude " + r.amplitude());
    }

    @Test
    void pure_noise_has_no_period() {
        PeriodicityResult r = Periodicity.analyse(PlantedSeries.noise(3_600, 1),
                PeriodicityOptions.defaults());
        assertNull(r.dominantPeriod());
        assertEquals(0, r.score());
        assertTrue(r.ranges().isEmpty());
    }

    @Test
    void a_constant_series_has_no_period_and_no_nan() {
        double[] x = new double[600];
        Arrays.fill(x, 7);
        PeriodicityResult r = Periodicity.analyse(x, PeriodicityOptions.defaults());
        assertNull(r.dominantPeriod());
        assertFalse(Double.isNaN(r.score()) || Double.isNaN(r.amplitude()));
    }

    @Test
    void the_range_covers_only_the_part_where_the_pattern_holds() {
        double[] x = PlantedSeries.noise(1_200, 4);
        double[] spikes = PlantedSeries.periodicSpikes(1_200, 10, 12, 1, 4);
        System.arraycopy(spikes, 600, x, 600, 600);
        long[] t = new long[x.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_000_000L + 1_000L * i;
        }
        PeriodicityResult r = Periodicity.analyse(x, t, PeriodicityOptions.defaults());
        assertEquals(10, r.dominantPeriod());
        assertEquals(10_000L, r.periodMs());
        assertEquals(1, r.ranges().size(), r.ranges().toString());
        PatternRange range = r.ranges().get(0);
        assertTrue(Math.abs(range.start() - 600) <= 60, "starts near 600: " + range.start());
        assertEquals(1_200, range.end());
        assertEquals(t[range.start()], range.startTimeMs());
    }

    @Test
    void windows_with_too_many_missing_values_are_skipped_and_counted() {
        double[] x = PlantedSeries.periodicSpikes(600, 6, 12, 1, 2);
        Arrays.fill(x, 0, 120, Double.NaN);
        PeriodicityResult r = Periodicity.analyse(x, PeriodicityOptions.defaults());
        assertTrue(r.windowsSkipped() > 0);
        assertEquals(6, r.dominantPeriod());
    }

    @Test
    void a_longer_window_finds_longer_periods() {
        double[] x = PlantedSeries.periodicSpikes(3_600, 45, 12, 1, 9);
        PeriodicityResult r = Periodicity.analyse(x, PeriodicityOptions.window(180));
        assertEquals(45, r.dominantPeriod(), 1);
    }
}
