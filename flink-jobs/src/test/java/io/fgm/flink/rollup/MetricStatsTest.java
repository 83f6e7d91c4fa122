package io.fgm.flink.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link MetricStats}. */
class MetricStatsTest {

  @Test
  void min_max_avg_last_and_count_of_a_minute() {
    Map<String, double[]> s = new HashMap<>();
    MetricStats.add(s, 1_000, Map.of("m", 5.0));
    MetricStats.add(s, 3_000, Map.of("m", 1.0));
    MetricStats.add(s, 2_000, Map.of("m", 9.0)); // arrives late: not the last value
    double[] m = s.get("m");
    assertEquals(1.0, m[MetricStats.MIN]);
    assertEquals(9.0, m[MetricStats.MAX]);
    assertEquals(5.0, MetricStats.avg(m));
    assertEquals(1.0, m[MetricStats.LAST]);
    assertEquals(3.0, m[MetricStats.COUNT]);
  }

  @Test
  void missing_values_are_not_counted() {
    Map<String, double[]> s = new HashMap<>();
    MetricStats.add(s, 1_000, Map.of("m", Double.NaN));
    assertFalse(s.containsKey("m"));
  }

  @Test
  void merging_partial_aggregates_equals_aggregating_everything() {
    Map<String, double[]> all = new HashMap<>();
    Map<String, double[]> a = new HashMap<>();
    Map<String, double[]> b = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      Map<String, Double> v = Map.of("m", (double) (i * 7 % 5), "n", (double) i);
      MetricStats.add(all, i * 1000L, v);
      MetricStats.add(i % 2 == 0 ? a : b, i * 1000L, v);
    }
    MetricStats.merge(a, b);
    assertArrayEquals(all.get("m"), a.get("m"));
    assertArrayEquals(all.get("n"), a.get("n"));
  }
}
