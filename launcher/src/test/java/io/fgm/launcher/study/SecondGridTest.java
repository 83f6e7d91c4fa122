package io.fgm.launcher.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fgm.studies.io.ParsedSeries;
import org.junit.jupiter.api.Test;

/** Tests for {@link SecondGrid}. */
class SecondGridTest {
    @Test
    void missing_seconds_are_nan_and_samples_land_on_their_second_in_any_order() {
        ParsedSeries s = SecondGrid.of(new long[] {5_000, 2_000, 3_400, 9_999}, new double[] {5, 2, 3, 9}, 4);
        assertArrayEquals(new long[] {2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000},
                s.timestampsMs());
        assertArrayEquals(new double[] {2, 3, Double.NaN, 5, Double.NaN, Double.NaN, Double.NaN, 9},
                s.values());
    }

    @Test
    void the_later_of_two_samples_in_one_second_wins() {
        ParsedSeries s = SecondGrid.of(new long[] {1_000, 1_000}, new double[] {1, 2}, 2);
        assertArrayEquals(new double[] {2}, s.values());
    }

    @Test
    void no_sample_is_an_error() {
        assertThrows(IllegalArgumentException.class, () -> SecondGrid.of(new long[0], new double[0], 0));
    }
}
