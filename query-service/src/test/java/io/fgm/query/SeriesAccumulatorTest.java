package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Tests for {@link SeriesAccumulator}. */
class SeriesAccumulatorTest {
  private static final TimeRange HOUR = new TimeRange(0, 3_599_000);

  @Test
  void few_points_come_back_raw_and_sorted() {
    SeriesAccumulator a = new SeriesAccumulator(HOUR, 10);
    a.add(3000, 3);
    a.add(1000, 1);
    a.add(2000, 2);
    assertFalse(a.downsampled());
    assertArrayEquals(new long[] {1000, 2000, 3000}, a.points().times());
    assertArrayEquals(new double[] {1, 2, 3}, a.points().values());
  }

  @Test
  void rows_outside_the_range_and_non_finite_values_are_dropped() {
    SeriesAccumulator a = new SeriesAccumulator(new TimeRange(1000, 2000), 10);
    a.add(999, 1);
    a.add(1000, Double.NaN);
    a.add(1500, Double.POSITIVE_INFINITY);
    a.add(2000, 4);
    a.add(2001, 5);
    assertEquals(1, a.rowsSeen());
    assertArrayEquals(new long[] {2000}, a.points().times());
  }

  @Test
  void many_points_are_cut_to_min_and_max_per_bucket() {
    SeriesAccumulator a = new SeriesAccumulator(HOUR, 100);
    for (long t = 0; t < 3_600_000; t += 1000) {
      a.add(t, t == 1_234_000 ? 99 : (t == 2_000_000 ? -5 : 1));
    }
    assertTrue(a.downsampled());
    assertEquals(3600, a.rowsSeen());
    SeriesAccumulator.Points p = a.points();
    assertTrue(p.size() <= 100);
    assertTrue(Arrays.stream(p.values()).anyMatch(v -> v == 99));
    assertTrue(Arrays.stream(p.values()).anyMatch(v -> v == -5));
    int spike = Arrays.stream(p.values()).boxed().toList().indexOf(99.0);
    assertEquals(1_234_000, p.times()[spike]);
  }

  @Property(tries = 200)
  void output_is_bounded_sorted_keeps_extremes_and_ignores_arrival_order(
      @ForAll @IntRange(min = 1, max = 3000) int rows, @ForAll @IntRange(min = 2, max = 200) int maxPoints,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    List<long[]> points = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      // times inside HOUR only: a point the range drops cannot be the expected extreme
      points.add(new long[] {rnd.nextInt((int) HOUR.toMs() + 1), rnd.nextInt(1000)});
    }
    SeriesAccumulator inOrder = new SeriesAccumulator(HOUR, maxPoints);
    points.forEach(p -> inOrder.add(p[0], p[1]));
    Collections.shuffle(points, rnd);
    SeriesAccumulator shuffled = new SeriesAccumulator(HOUR, maxPoints);
    points.forEach(p -> shuffled.add(p[0], p[1]));

    SeriesAccumulator.Points out = inOrder.points();
    assertTrue(out.size() <= maxPoints);
    for (int i = 1; i < out.size(); i++) {
      assertTrue(out.times()[i - 1] <= out.times()[i]);
    }
    double max = points.stream().mapToDouble(p -> p[1]).max().orElseThrow();
    double min = points.stream().mapToDouble(p -> p[1]).min().orElseThrow();
    assertEquals(max, Arrays.stream(out.values()).max().orElseThrow());
    assertEquals(min, Arrays.stream(out.values()).min().orElseThrow());
    if (inOrder.downsampled()) {
      assertArrayEquals(out.times(), shuffled.points().times());
      assertArrayEquals(out.values(), shuffled.points().values());
    }
  }
}
