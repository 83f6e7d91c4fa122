package io.fgm.flink.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tests for {@link CounterRate}. */
class CounterRateTest {
  private static final long MAX_GAP = 60_000;

  @Test
  void one_second_of_half_a_core_is_500_millicores() {
    assertEquals(500.0, CounterRate.millicores(1_000_000, 10_000, 1_500_000, 11_000, MAX_GAP), 1e-9);
  }

  @Test
  void per_second_rate_divides_by_the_real_elapsed_time() {
    assertEquals(2048.0, CounterRate.perSecond(0, 0, 1024, 500, MAX_GAP), 1e-9);
  }

  @Test
  void a_missed_sample_gives_the_average_over_the_gap_not_a_doubled_rate() {
    // 0.25 cores for 3 s: 750 ms of CPU time.
    assertEquals(250.0, CounterRate.millicores(0, 1_000, 750_000, 4_000, MAX_GAP), 1e-9);
  }

  @Test
  void a_counter_reset_gives_no_rate_rather_than_a_negative_one() {
    assertTrue(Double.isNaN(CounterRate.millicores(9_000_000, 1_000, 100_000, 2_000, MAX_GAP)));
    assertTrue(Double.isNaN(CounterRate.perSecond(9_000_000, 1_000, 100_000, 2_000, MAX_GAP)));
  }

  @Test
  void a_gap_longer_than_the_limit_gives_no_rate() {
    assertTrue(Double.isNaN(CounterRate.perSecond(0, 0, 1_000, MAX_GAP + 1, MAX_GAP)));
    assertEquals(1.0, CounterRate.perSecond(0, 0, 60, MAX_GAP, MAX_GAP), 1e-9);
  }

  @Test
  void duplicate_or_older_readings_give_no_rate() {
    assertTrue(Double.isNaN(CounterRate.perSecond(10, 5_000, 20, 5_000, MAX_GAP)));
    assertTrue(Double.isNaN(CounterRate.perSecond(10, 5_000, 20, 4_000, MAX_GAP)));
  }

  @Test
  void a_missing_reading_gives_no_rate_not_zero() {
    assertTrue(Double.isNaN(CounterRate.perSecond(Double.NaN, 0, 20, 1_000, MAX_GAP)));
    assertTrue(Double.isNaN(CounterRate.perSecond(10, 0, Double.NaN, 1_000, MAX_GAP)));
  }

  @Test
  void an_unchanged_counter_is_a_real_zero() {
    assertEquals(0.0, CounterRate.millicores(42, 0, 42, 1_000, MAX_GAP), 0.0);
  }
}
