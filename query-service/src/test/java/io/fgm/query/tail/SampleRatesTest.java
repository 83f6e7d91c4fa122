package io.fgm.query.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link SampleRates}: the Flink job's rate rules, case by case. */
class SampleRatesTest {
  static final long GAP = SampleRates.DEFAULT_MAX_GAP_MS;

  static Map<String, Double> derive(Map<String, Double> before, long t0, Map<String, Double> after, long t1) {
    return SampleRates.derive(SampleRates.snapshot(before), t0, SampleRates.snapshot(after), t1, GAP);
  }

  @Test
  void cpu_microseconds_per_millisecond_are_millicores_averaged_over_a_short_gap() {
    Map<String, Double> r = derive(Map.of("cpu.usage_us", 1_000_000.0), 0, Map.of("cpu.usage_us", 1_500_000.0), 2000);
    assertEquals(250.0, r.get("cpu.usage_millicores")); // 0.5 s of CPU over 2 s
  }

  @Test
  void a_reset_a_long_gap_a_repeated_time_or_a_missing_counter_give_no_rate() {
    assertFalse(derive(Map.of("cpu.usage_us", 5e6), 0, Map.of("cpu.usage_us", 1e6), 1000)
        .containsKey("cpu.usage_millicores"));
    assertFalse(derive(Map.of("cpu.usage_us", 1e6), 0, Map.of("cpu.usage_us", 2e6), GAP + 1)
        .containsKey("cpu.usage_millicores"));
    assertFalse(derive(Map.of("cpu.usage_us", 1e6), 1000, Map.of("cpu.usage_us", 2e6), 1000)
        .containsKey("cpu.usage_millicores"));
    assertEquals(Map.of(), derive(Map.of(), 0, Map.of("cpu.usage_us", 2e6), 1000));
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
  void io_and_fault_counters_become_per_second_rates() {
    Map<String, Double> r = derive(Map.of("io.read_bytes", 0.0, "memory.pgfault", 10.0, "cpu.throttled_us", 0.0), 0,
        Map.of("io.read_bytes", 4096.0, "memory.pgfault", 30.0, "cpu.throttled_us", 500.0), 2000);
    assertEquals(2048.0, r.get("io.read_bytes_per_s"));
    assertEquals(10.0, r.get("memory.pgfault_per_s"));
    assertEquals(250.0, r.get("cpu.throttled_us_per_s"));
  }
}
