package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link CounterRates}: each rule of the contract, on single counters and on whole samples. */
class CounterRatesTest {
  private static final long GAP = CounterRates.DEFAULT_MAX_GAP_MS;

  static Map<String, Double> derive(Map<String, Double> before, long t0, Map<String, Double> after, long t1) {
    return CounterRates.derive(CounterRates.snapshot(before), t0, CounterRates.snapshot(after), t1, GAP);
  }

  @Test
  void one_second_of_half_a_core_is_500_millicores() {
    assertEquals(500.0, CounterRates.millicores(1_000_000, 10_000, 1_500_000, 11_000, GAP), 1e-9);
  }

  @Test
  void a_per_second_rate_divides_by_the_real_elapsed_time() {
    assertEquals(2048.0, CounterRates.perSecond(0, 0, 1024, 500, GAP), 1e-9);
  }

  @Test
  void a_short_gap_gives_the_average_over_the_gap_not_a_doubled_rate() {
    assertEquals(250.0, CounterRates.millicores(0, 1_000, 750_000, 4_000, GAP), 1e-9); // 0.25 cores for 3 s
    assertEquals(250.0, derive(Map.of("cpu.usage_us", 1e6), 0, Map.of("cpu.usage_us", 1.5e6), 2000)
        .get("cpu.usage_millicores"));
  }

  @Test
  void the_first_sample_of_a_container_has_no_rate() {
    assertEquals(Map.of(), CounterRates.derive(null, 0, CounterRates.snapshot(Map.of("cpu.usage_us", 1e6)), 1000,
        GAP));
  }

  @Test
  void a_missing_counter_gives_no_rate_not_zero() {
    assertTrue(Double.isNaN(CounterRates.perSecond(Double.NaN, 0, 20, 1_000, GAP)));
    assertTrue(Double.isNaN(CounterRates.perSecond(10, 0, Double.NaN, 1_000, GAP)));
    assertEquals(Map.of(), derive(Map.of(), 0, Map.of("cpu.usage_us", 2e6), 1000));
    Map<String, Double> partial = derive(Map.of("io.read_bytes", 0.0), 0,
        Map.of("io.read_bytes", 10.0, "io.write_bytes", 10.0), 1000);
    assertEquals(Map.of("io.read_bytes_per_s", 10.0), partial);
  }

  @Test
  void a_counter_reset_gives_no_rate_rather_than_a_negative_one() {
    assertTrue(Double.isNaN(CounterRates.millicores(9_000_000, 1_000, 100_000, 2_000, GAP)));
    assertTrue(Double.isNaN(CounterRates.perSecond(9_000_000, 1_000, 100_000, 2_000, GAP)));
    assertTrue(Double.isNaN(CounterRates.delta(9_000_000, 1_000, 100_000, 2_000, GAP)));
    assertFalse(derive(Map.of("cpu.usage_us", 5e6), 0, Map.of("cpu.usage_us", 1e6), 1000)
        .containsKey("cpu.usage_millicores"));
  }

  @Test
  void a_duplicate_or_older_sample_gives_no_rate() {
    assertTrue(Double.isNaN(CounterRates.perSecond(10, 5_000, 20, 5_000, GAP)));
    assertTrue(Double.isNaN(CounterRates.perSecond(10, 5_000, 20, 4_000, GAP)));
    assertEquals(Map.of(), derive(Map.of("cpu.usage_us", 1e6), 1000, Map.of("cpu.usage_us", 2e6), 1000));
  }

  @Test
  void a_gap_longer_than_the_limit_gives_no_rate_and_the_limit_itself_still_does() {
    assertTrue(Double.isNaN(CounterRates.perSecond(0, 0, 1_000, GAP + 1, GAP)));
    assertEquals(1.0, CounterRates.perSecond(0, 0, 60, GAP, GAP), 1e-9);
    assertEquals(Map.of(), derive(Map.of("cpu.usage_us", 1e6), 0, Map.of("cpu.usage_us", 2e6), GAP + 1));
  }

  @Test
  void an_unchanged_counter_is_a_real_zero() {
    assertEquals(0.0, CounterRates.millicores(42, 0, 42, 1_000, GAP), 0.0);
  }

  @Test
  void the_throttled_ratio_is_zero_without_periods_and_at_most_one() {
    assertEquals(0.0, derive(Map.of("cpu.nr_periods", 10.0, "cpu.nr_throttled", 2.0), 0,
        Map.of("cpu.nr_periods", 10.0, "cpu.nr_throttled", 2.0), 1000).get("cpu.throttled_ratio"));
    assertEquals(0.5, derive(Map.of("cpu.nr_periods", 10.0, "cpu.nr_throttled", 2.0), 0,
        Map.of("cpu.nr_periods", 20.0, "cpu.nr_throttled", 7.0), 1000).get("cpu.throttled_ratio"));
    assertEquals(1.0, derive(Map.of("cpu.nr_periods", 10.0, "cpu.nr_throttled", 2.0), 0,
        Map.of("cpu.nr_periods", 11.0, "cpu.nr_throttled", 9.0), 1000).get("cpu.throttled_ratio"));
  }

  @Test
  void every_counter_gives_its_derived_metric() {
    Map<String, Double> before = new java.util.HashMap<>();
    Map<String, Double> after = new java.util.HashMap<>();
    for (Metric m : CounterRates.COUNTERS) {
      before.put(m.key(), 1000.0);
      after.put(m.key(), 3000.0);
    }
    Map<String, Double> r = derive(before, 0, after, 2000);
    assertEquals(1.0, r.get("cpu.usage_millicores")); // 2,000 us of CPU in 2,000 ms: one thousandth of a core
    assertEquals(1.0, r.get("cpu.user_millicores"));
    assertEquals(1.0, r.get("cpu.system_millicores"));
    assertEquals(1.0, r.get("cpu.throttled_ratio"));
    for (String k : new String[] {"cpu.throttled_us_per_s", "io.read_bytes_per_s", "io.write_bytes_per_s",
        "io.read_ops_per_s", "io.write_ops_per_s", "memory.pgfault_per_s", "memory.pgmajfault_per_s"}) {
      assertEquals(1000.0, r.get(k), k);
    }
    assertEquals(11, r.size());
    for (String k : r.keySet()) {
      assertEquals(Metric.Kind.DERIVED, Metric.byKey(k).orElseThrow().kind(), k);
    }
  }

  @Test
  void deriving_into_a_callers_map_adds_exactly_what_derive_returns_across_a_reset_and_a_gap() {
    java.util.Random rnd = new java.util.Random(7);
    double[] prev = null;
    long prevMs = 0;
    for (int step = 0; step < 200; step++) {
      long t = 1_000L * step + (step % 17 == 0 ? 70_000 : 0); // now and then a gap past the limit
      Map<String, Double> metrics = new java.util.HashMap<>();
      for (Metric m : CounterRates.COUNTERS) {
        if (rnd.nextInt(10) > 0) { // a counter is sometimes not collected
          metrics.put(m.key(), step % 23 == 0 ? rnd.nextInt(100) : 1e6 + step * 1000.0 + rnd.nextInt(500));
        }
      }
      double[] cur = CounterRates.snapshot(metrics);
      Map<String, Double> expected = CounterRates.derive(prev, prevMs, cur, t, GAP);
      Map<String, Double> into = new java.util.HashMap<>(Map.of("memory.usage_bytes", 42.0));
      int n = CounterRates.deriveInto(prev, prevMs, cur, t, GAP, into);
      assertEquals(expected.size(), n);
      Map<String, Double> want = new java.util.HashMap<>(expected);
      want.put("memory.usage_bytes", 42.0);
      assertEquals(want, into);
      prev = cur;
      prevMs = t;
    }
  }
}
