package io.fgm.flink.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link SustainedCondition}. */
class SustainedConditionTest {
  private final SustainedCondition c = new SustainedCondition();
  private final List<SustainedCondition.Emission> out = new ArrayList<>();

  private void feed(int fromS, int toS, double value) {
    for (int s = fromS; s <= toS; s++) {
      out.addAll(c.observe(s * 1000L, value, 0.25, 30_000, 10_000));
    }
  }

  @Test
  void a_run_shorter_than_the_sustain_time_emits_nothing() {
    feed(0, 9, 0.1);
    feed(10, 38, 0.5);
    feed(39, 60, 0.1);
    assertTrue(out.isEmpty(), () -> out.toString());
  }

  @Test
  void a_sustained_run_is_emitted_once_sustained_then_extended_then_closed() {
    feed(0, 9, 0.0);
    feed(10, 64, 0.5);
    feed(65, 70, 0.0);
    assertEquals(
        List.of(
            new SustainedCondition.Emission(10_000, 40_000, 0.5, 0.5, false),
            new SustainedCondition.Emission(10_000, 50_000, 0.5, 0.5, false),
            new SustainedCondition.Emission(10_000, 60_000, 0.5, 0.5, false),
            new SustainedCondition.Emission(10_000, 64_000, 0.5, 0.5, true)),
        out);
  }

  @Test
  void unknown_seconds_change_nothing_but_a_long_gap_ends_the_run() {
    feed(0, 35, 0.5);
    out.addAll(c.observe(36_000, Double.NaN, 0.25, 30_000, 10_000));
    assertEquals(1, out.size(), "emitted at 30 s of run");
    out.addAll(c.observe(50_000, 0.5, 0.25, 30_000, 10_000));
    assertEquals(new SustainedCondition.Emission(0, 35_000, 0.5, 0.5, true), out.get(1), "the gap ended the run");
    assertTrue(c.active(), "and a new run started");
  }
}
