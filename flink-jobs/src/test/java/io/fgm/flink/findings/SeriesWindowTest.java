package io.fgm.flink.findings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tests for {@link SeriesWindow}. */
class SeriesWindowTest {
  private static final int N = StudiedSeries.all().length;

  private static double[] cpu(double v) {
    double[] a = new double[N];
    Arrays.fill(a, Double.NaN);
    a[StudiedSeries.CPU.ordinal()] = v;
    return a;
  }

  @Test
  void the_window_before_an_end_holds_each_second_once_and_nan_where_nothing_came() {
    SeriesWindow w = new SeriesWindow(4, N);
    w.put(10_000, cpu(1));
    w.put(11_000, cpu(2));
    w.put(13_000, cpu(4)); // 12 s missing
    assertArrayEquals(new double[] {1, 2, Double.NaN, 4}, w.series(StudiedSeries.CPU, 14_000));
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, 1, 2}, w.series(StudiedSeries.CPU, 12_000));
    assertArrayEquals(new long[] {10_000, 11_000, 12_000, 13_000}, w.times(14_000));
  }

  @Test
  void a_gap_longer_than_the_window_leaves_no_stale_values_and_old_samples_are_ignored() {
    SeriesWindow w = new SeriesWindow(4, N);
    for (int s = 0; s < 4; s++) {
      w.put(s * 1000L, cpu(s));
    }
    w.put(9_000, cpu(9)); // 4..8 s missing: slots of 0..3 s must not come back as 4..7 s
    w.put(1_000, cpu(-1)); // older than the window
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, 9}, w.series(StudiedSeries.CPU, 10_000));
    assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN},
        w.series(StudiedSeries.CPU, 8_000));
  }

  @Test
  void a_series_never_seen_has_no_ring() {
    SeriesWindow w = new SeriesWindow(4, N);
    w.put(0, cpu(1));
    assertTrue(w.has(StudiedSeries.CPU));
    assertFalse(w.has(StudiedSeries.PSI_CPU));
  }
}
