package io.fgm.flink.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.Metric;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link DerivedRates}. */
class DerivedRatesTest {
  private static final long MAX_GAP = 60_000;

  private static CounterSnapshot at(long ms, Object... metricValuePairs) {
    Map<String, Double> m = new HashMap<>();
    for (int i = 0; i < metricValuePairs.length; i += 2) {
      m.put(((Metric) metricValuePairs[i]).key(), ((Number) metricValuePairs[i + 1]).doubleValue());
    }
    return DerivedRates.snapshot(ms, m);
  }

  @Test
  void the_first_sample_of_a_container_has_no_rates() {
    assertTrue(DerivedRates.derive(null, at(1_000, Metric.CPU_USAGE_US, 5), MAX_GAP).isEmpty());
  }

  @Test
  void cpu_user_and_system_millicores_come_from_their_counters() {
    Map<String, Double> d =
        DerivedRates.derive(
            at(1_000, Metric.CPU_USAGE_US, 0, Metric.CPU_USER_US, 0, Metric.CPU_SYSTEM_US, 0),
            at(2_000, Metric.CPU_USAGE_US, 1_500_000, Metric.CPU_USER_US, 1_000_000, Metric.CPU_SYSTEM_US, 500_000),
            MAX_GAP);
    assertEquals(1500.0, d.get("cpu.usage_millicores"), 1e-9);
    assertEquals(1000.0, d.get("cpu.user_millicores"), 1e-9);
    assertEquals(500.0, d.get("cpu.system_millicores"), 1e-9);
  }

  @Test
  void throttling_is_a_ratio_of_periods_and_a_time_per_second() {
    Map<String, Double> d =
        DerivedRates.derive(
            at(0, Metric.CPU_NR_PERIODS, 100, Metric.CPU_NR_THROTTLED, 10, Metric.CPU_THROTTLED_US, 0),
            at(2_000, Metric.CPU_NR_PERIODS, 120, Metric.CPU_NR_THROTTLED, 15, Metric.CPU_THROTTLED_US, 40_000),
            MAX_GAP);
    assertEquals(0.25, d.get("cpu.throttled_ratio"), 1e-9);
    assertEquals(20_000.0, d.get("cpu.throttled_us_per_s"), 1e-9);
  }

  @Test
  void no_elapsed_period_means_not_throttled() {
    Map<String, Double> d =
        DerivedRates.derive(
            at(0, Metric.CPU_NR_PERIODS, 100, Metric.CPU_NR_THROTTLED, 10),
            at(1_000, Metric.CPU_NR_PERIODS, 100, Metric.CPU_NR_THROTTLED, 10),
            MAX_GAP);
    assertEquals(0.0, d.get("cpu.throttled_ratio"), 0.0);
  }

  @Test
  void io_and_page_fault_rates_are_per_second() {
    Map<String, Double> d =
        DerivedRates.derive(
            at(0, Metric.IO_READ_BYTES, 0, Metric.IO_WRITE_OPS, 0, Metric.MEMORY_PGFAULT, 0,
                Metric.MEMORY_PGMAJFAULT, 0),
            at(500, Metric.IO_READ_BYTES, 4096, Metric.IO_WRITE_OPS, 3, Metric.MEMORY_PGFAULT, 50,
                Metric.MEMORY_PGMAJFAULT, 1),
            MAX_GAP);
    assertEquals(8192.0, d.get("io.read_bytes_per_s"), 1e-9);
    assertEquals(6.0, d.get("io.write_ops_per_s"), 1e-9);
    assertEquals(100.0, d.get("memory.pgfault_per_s"), 1e-9);
    assertEquals(2.0, d.get("memory.pgmajfault_per_s"), 1e-9);
    assertFalse(d.containsKey("io.write_bytes_per_s"), "not collected means absent");
  }

  @Test
  void a_reset_of_one_counter_drops_only_that_rate() {
    Map<String, Double> d =
        DerivedRates.derive(
            at(0, Metric.CPU_USAGE_US, 5_000_000, Metric.IO_READ_BYTES, 100),
            at(1_000, Metric.CPU_USAGE_US, 1_000, Metric.IO_READ_BYTES, 200),
            MAX_GAP);
    assertFalse(d.containsKey("cpu.usage_millicores"));
    assertEquals(100.0, d.get("io.read_bytes_per_s"), 1e-9);
  }

  @Test
  void rates_resume_on_the_sample_after_a_reset() {
    CounterSnapshot before = at(0, Metric.CPU_USAGE_US, 5_000_000);
    CounterSnapshot reset = at(1_000, Metric.CPU_USAGE_US, 100_000);
    CounterSnapshot after = at(2_000, Metric.CPU_USAGE_US, 300_000);
    assertTrue(DerivedRates.derive(before, reset, MAX_GAP).isEmpty());
    assertEquals(200.0, DerivedRates.derive(reset, after, MAX_GAP).get("cpu.usage_millicores"), 1e-9);
  }

  @Test
  void no_derived_value_is_ever_negative_for_any_pair_of_readings() {
    java.util.Random rnd = new java.util.Random(42);
    for (int i = 0; i < 10_000; i++) {
      CounterSnapshot a = randomSnapshot(rnd, rnd.nextInt(5_000));
      CounterSnapshot b = randomSnapshot(rnd, rnd.nextInt(5_000));
      for (double v : DerivedRates.derive(a, b, MAX_GAP).values()) {
        assertTrue(v >= 0 && Double.isFinite(v), () -> "got " + v + " from " + a + " → " + b);
      }
    }
  }

  private static CounterSnapshot randomSnapshot(java.util.Random rnd, long ms) {
    double[] values = new double[DerivedRates.COUNTERS.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(1_000);
    }
    return new CounterSnapshot(ms, values);
  }
}
