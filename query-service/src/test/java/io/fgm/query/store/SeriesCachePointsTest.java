package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Tests for {@link SeriesCache.Points}: a gapless one-second series keeps no times and gives the same points. */
class SeriesCachePointsTest {
  @Test
  void a_gapless_series_drops_its_times_and_answers_the_same_points_at_half_the_cost() {
    long[] t = {10_000, 11_000, 12_000, 13_000};
    double[] v = {1, 2, 3, 4};
    SeriesCache.Points p = SeriesCache.Points.of(t, v);
    assertNull(p.times());
    for (int i = 0; i < t.length; i++) {
      assertEquals(t[i], p.time(i));
    }
    assertEquals(2, p.cost());
    assertEquals(2, p.firstIndexAtOrAfter(11_500));
    assertEquals(0, p.firstIndexAtOrAfter(0));
    assertEquals(4, p.firstIndexAtOrAfter(99_000));
  }

  @Test
  void a_series_with_a_gap_or_out_of_order_times_keeps_them() {
    SeriesCache.Points gap = SeriesCache.Points.of(new long[] {0, 1000, 3000}, new double[] {1, 2, 3});
    assertNotNull(gap.times());
    assertEquals(3000, gap.time(2));
    assertEquals(0, gap.firstIndexAtOrAfter(2000)); // no shortcut: the caller checks every time
    assertNotNull(SeriesCache.Points.of(new long[] {2000, 1000, 0}, new double[] {1, 2, 3}).times());
    assertEquals(3, SeriesCache.Points.of(new long[] {5}, new double[] {1}).time(0) + 3 - 5);
  }
}
