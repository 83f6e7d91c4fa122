package io.fgm.flink.findings;

import static io.fgm.flink.findings.FindingsDriver.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tests for {@link ContainerFindings}: the events from samples and the window studies, without Flink. */
class ContainerFindingsTest {
  private static final long T0 = 1_772_000_000_000L; // a whole minute
  private static final FindingsSettings SETTINGS =
      FindingsSettings.defaults().withWindow(Duration.ofSeconds(120), Duration.ofSeconds(30))
          .withPeriodicity(Duration.ofSeconds(60), 0.5);

  private static List<Finding> of(List<Finding> found, FindingKind kind) {
    return found.stream().filter(f -> f.kind() == kind).toList();
  }

  /** The final version of each finding, as a reader sees it (largest end_ms per id). */
  private static Map<String, Finding> latest(List<Finding> found) {
    return found.stream().collect(Collectors.toMap(Finding::findingId, f -> f,
        (a, b) -> a.endMs() >= b.endMs() ? a : b));
  }

  @Test
  void an_increase_of_the_oom_kill_counter_is_one_finding_with_the_number_of_kills() {
    FindingsDriver d = new FindingsDriver(SETTINGS);
    double[] kills = {3, 3, 3, 5, 5, 0, 1};
    for (int s = 0; s < kills.length; s++) {
      d.feed(sample(T0 + s * 1000L, Map.of("memory.events.oom_kill", kills[s], "memory.limit_bytes", 1e9)));
    }
    List<Finding> ooms = of(d.finish(), FindingKind.OOM_KILL);
    // 3 at the first reading happened at an unknown time; 5 -> 0 is a new cgroup; 0 -> 1 is a kill again.
    assertEquals(2, ooms.size(), ooms::toString);
    assertEquals(T0 + 3000, ooms.get(0).startMs());
    assertEquals(2.0, ooms.get(0).magnitude());
    assertEquals(T0 + 6000, ooms.get(1).startMs());
    assertEquals("web-0", ooms.get(0).podName(), "names come with the finding");
    assertTrue(ooms.get(1).score() > 0.95);
  }

  @Test
  void sustained_throttling_is_one_finding_whose_end_grows_while_it_lasts() {
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 120; s++) {
      double ratio = s >= 20 && s < 90 ? 0.6 : 0.05;
      d.feed(sample(T0 + s * 1000L, Map.of("cpu.throttled_ratio", ratio)));
    }
    List<Finding> t = of(d.finish(), FindingKind.THROTTLING);
    assertTrue(t.size() >= 2, "emitted, then extended: " + t);
    assertEquals(1, t.stream().map(Finding::findingId).distinct().count(), "one id");
    Finding last = latest(t).values().iterator().next();
    assertEquals(T0 + 20_000, last.startMs());
    assertEquals(T0 + 89_000, last.endMs());
    assertEquals(0.6, last.magnitude(), 1e-9);
  }

  @Test
  void working_set_above_ninety_percent_of_the_limit_for_ten_seconds_is_near_limit() {
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 40; s++) {
      double ws = s >= 10 && s < 25 ? 950e6 : 500e6;
      d.feed(sample(T0 + s * 1000L, Map.of("memory.working_set_bytes", ws, "memory.limit_bytes", 1e9)));
    }
    Map<String, Finding> near = latest(of(d.finish(), FindingKind.MEMORY_NEAR_LIMIT));
    assertEquals(1, near.size(), near::toString);
    Finding f = near.values().iterator().next();
    assertEquals(T0 + 10_000, f.startMs());
    assertEquals(T0 + 24_000, f.endMs());
    assertEquals(1e9, f.details().get("limit_bytes"));
  }

  @Test
  void a_step_in_cpu_is_one_changepoint_with_the_means_before_and_after_however_many_windows_see_it() {
    Random rnd = new Random(7);
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 300; s++) {
      double cpu = (s < 150 ? 200 : 800) + rnd.nextGaussian() * 15;
      d.feed(sample(T0 + s * 1000L, Map.of("cpu.usage_millicores", cpu)));
    }
    List<Finding> found = d.finish();
    List<Finding> cps = of(found, FindingKind.CHANGEPOINT);
    assertEquals(1, cps.size(), cps::toString);
    Finding cp = cps.get(0);
    assertEquals("cpu.usage_millicores", cp.metric());
    assertEquals(T0 + 150_000, cp.startMs(), 3000);
    assertEquals(200, cp.details().get("mean_before"), 10);
    assertEquals(800, cp.details().get("mean_after"), 10);
    assertEquals(3.0, cp.details().get("relative_change"), 0.2);
    assertTrue(of(found, FindingKind.PERIODIC).isEmpty(), "a step is not a period: " + found);
  }

  @Test
  void a_step_smaller_than_the_relative_threshold_is_ignored() {
    Random rnd = new Random(8);
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 300; s++) {
      double cpu = (s < 150 ? 1000 : 1100) + rnd.nextGaussian() * 5;
      d.feed(sample(T0 + s * 1000L, Map.of("cpu.usage_millicores", cpu)));
    }
    assertTrue(of(d.finish(), FindingKind.CHANGEPOINT).isEmpty());
  }

  @Test
  void a_periodic_pattern_is_one_finding_from_its_appearance_extended_while_it_holds() {
    Random rnd = new Random(9);
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 360; s++) {
      double cpu = 500 + rnd.nextGaussian() * 20 + (s >= 120 ? 300 * Math.sin(2 * Math.PI * s / 15.0) : 0);
      d.feed(sample(T0 + s * 1000L, Map.of("cpu.usage_millicores", cpu)));
    }
    Map<String, Finding> periodic = latest(of(d.finish(), FindingKind.PERIODIC));
    assertEquals(1, periodic.size(), periodic::toString);
    Finding p = periodic.values().iterator().next();
    assertEquals(15.0, p.details().get("period_s"), 1.0);
    assertTrue(p.startMs() >= T0 + 60_000 && p.startMs() <= T0 + 150_000, "starts near the appearance: " + p);
    assertTrue(p.endMs() >= T0 + 330_000, "extended to the end: " + p);
    assertTrue(p.magnitude() > 400, "peak to trough about 600 m: " + p);
  }

  @Test
  void the_findings_do_not_depend_on_when_the_watermark_fires_the_windows() {
    List<List<Finding>> runs = new java.util.ArrayList<>();
    for (boolean follows : new boolean[] {false, true}) {
      Random rnd = new Random(12);
      FindingsDriver d = new FindingsDriver(SETTINGS);
      d.watermarkFollows = follows;
      for (int s = 0; s < 300; s++) {
        double cpu = (s < 150 ? 200 : 800) + rnd.nextGaussian() * 15;
        d.feed(sample(T0 + s * 1000L, Map.of("cpu.usage_millicores", cpu)));
      }
      runs.add(d.finish());
    }
    assertEquals(1, of(runs.get(0), FindingKind.CHANGEPOINT).size());
    assertEquals(runs.get(0), runs.get(1));
  }

  @Test
  void a_periodic_cpu_pattern_is_no_changepoint_flood() {
    Random rnd = new Random(13);
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 300; s++) {
      d.feed(sample(T0 + s * 1000L,
          Map.of("cpu.usage_millicores", 500 + 300 * Math.sin(2 * Math.PI * s / 15.0) + rnd.nextGaussian() * 20)));
    }
    List<Finding> found = d.finish();
    assertEquals(List.of(), of(found, FindingKind.CHANGEPOINT));
    assertEquals(1, latest(of(found, FindingKind.PERIODIC)).size(), found::toString);
  }

  @Test
  void flat_noise_gives_no_changepoint_and_no_period() {
    Random rnd = new Random(10);
    FindingsDriver d = new FindingsDriver(SETTINGS);
    for (int s = 0; s < 900; s++) {
      d.feed(sample(T0 + s * 1000L, Map.of("cpu.usage_millicores", 300 + rnd.nextGaussian() * 30,
          "memory.working_set_bytes", 200e6 + rnd.nextGaussian() * 1e6, "memory.limit_bytes", 1e9)));
    }
    assertEquals(List.of(), d.finish());
  }

  @Test
  void a_memory_ramp_toward_the_limit_is_a_leak_and_the_oom_kill_ends_the_episode() {
    Random rnd = new Random(11);
    FindingsDriver d = new FindingsDriver(SETTINGS);
    double kills = 0;
    for (int s = 0; s < 400; s++) {
      int phase = s % 200; // ramp 200 MB -> 1 GB over 200 s, then the kill and again
      if (s > 0 && phase == 0) {
        kills++;
      }
      double ws = 200e6 + phase * 4e6 + rnd.nextGaussian() * 2e6;
      d.feed(sample(T0 + s * 1000L, Map.of("memory.working_set_bytes", ws, "memory.limit_bytes", 1.0e9,
          "memory.events.oom_kill", kills)));
    }
    List<Finding> found = d.finish();
    Map<String, Finding> leaks = latest(of(found, FindingKind.MEMORY_LEAK));
    assertEquals(2, leaks.size(), "one leak episode per ramp: " + leaks);
    for (Finding f : leaks.values()) {
      assertTrue(f.details().get("slope_per_s") > 3e6 && f.details().get("slope_per_s") < 5e6, f::toString);
      assertTrue(f.score() > 0.7, f::toString);
    }
    assertEquals(1, of(found, FindingKind.OOM_KILL).size());
    assertTrue(of(found, FindingKind.OOM_KILL).get(0).score() > leaks.values().iterator().next().score(),
        "an OOM kill ranks above the leak that caused it");
    assertEquals(2, latest(of(found, FindingKind.MEMORY_NEAR_LIMIT)).size(), "the top of each ramp");
  }
}
