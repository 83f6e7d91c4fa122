package io.fgm.agent.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Tests for {@link TickSchedule}: aligned ticks, no drift, missed ticks counted and never back-filled. */
class TickScheduleTest {
  @Test
  void the_first_tick_is_the_next_second_boundary() {
    TickSchedule s = new TickSchedule(1000, 10_250);
    assertEquals(11_000, s.nextTickMs());
    assertEquals(750, s.delayMs(10_250));
    assertNull(s.onWake(10_999));
  }

  @Test
  void late_wake_ups_keep_the_tick_time_aligned_and_report_the_lag() {
    TickSchedule s = new TickSchedule(1000, 10_250);
    TickSchedule.Tick t = s.onWake(11_037);
    assertEquals(new TickSchedule.Tick(11_000, 0, 37), t);
    assertEquals(12_000, s.nextTickMs());
  }

  @Test
  void a_long_stall_runs_only_the_latest_tick_and_counts_the_skipped_ones() {
    TickSchedule s = new TickSchedule(1000, 10_250);
    s.onWake(11_000);
    TickSchedule.Tick t = s.onWake(15_400);
    assertEquals(15_000, t.tickMs());
    assertEquals(3, t.missed()); // 12, 13 and 14 never run
    assertEquals(16_000, s.nextTickMs());
  }

  @Test
  void a_day_of_ticks_does_not_drift() {
    TickSchedule s = new TickSchedule(1000, 0);
    long now = 0;
    for (int i = 0; i < 86_400; i++) {
      now = s.nextTickMs() + (i % 7) * 3; // wake-ups a few ms late, as real sleeps are
      TickSchedule.Tick t = s.onWake(now);
      assertEquals(0, t.missed());
      assertEquals(0, t.tickMs() % 1000);
    }
    assertEquals(86_401_000, s.nextTickMs());
  }

  @Test
  void a_clock_stepped_back_realigns_instead_of_sleeping_it_out() {
    TickSchedule s = new TickSchedule(1000, 100_000);
    assertNull(s.onWake(50_500));
    assertEquals(51_000, s.nextTickMs());
  }
}
