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

  /** A whole minute (T0 is not one), so that windows end at whole half-minutes after it. */
  private static final long B = 1_800_000_000_000L / 60_000 * 60_000;

  /**
   * The working set of the OOM-kill scenario: flat at 200 MB, a ramp of 4 MB/s from 340 s, the OOM kill at 540 s
   * (back to 200 MB), then flat again; 2 MB of seeded noise throughout.
   */
  private static List<io.fgm.schema.ContainerSample> killThenFlat() {
    Random rnd = new Random(7);
    List<io.fgm.schema.ContainerSample> samples = new java.util.ArrayList<>();
    double kills = 0;
    for (int s = 0; s < 600; s++) {
      double ws = 200e6 + (s >= 340 && s < 540 ? (s - 340) * 4e6 : 0) + rnd.nextGaussian() * 2e6;
      if (s == 540) {
        kills++;
      }
      samples.add(sample(B + s * 1000L, Map.of("memory.working_set_bytes", ws, "memory.limit_bytes", 1e9,
          "memory.events.oom_kill", kills)));
    }
    return samples;
  }

  private static final long KILL_MS = B + 540_000;

  @Test
  void a_flat_noisy_working_set_after_an_oom_kill_is_no_new_leak() {
    for (boolean follows : new boolean[] {false, true}) {
      FindingsDriver d = new FindingsDriver(SETTINGS);
      d.watermarkFollows = follows;
      killThenFlat().forEach(d::feed);
      List<Finding> found = d.finish();
      Map<String, Finding> leaks = latest(of(found, FindingKind.MEMORY_LEAK));
      assertEquals(1, leaks.size(), "only the ramp before the kill: " + leaks);
      assertTrue(leaks.values().iterator().next().startMs() < KILL_MS, leaks::toString);
      assertEquals(1, of(found, FindingKind.OOM_KILL).size());
    }
  }

  @Test
  void the_thirty_flat_samples_after_a_kill_are_judged_on_their_own_trend_and_not_significant() {
    // The window ending 30 s after the kill: its whole span still rises (the ramp before the kill), its 30 samples
    // after the kill are flat noise whose Mann–Kendall p (about 0.4) once gave a leak score of 0.6 > 0.5.
    FindingsDriver d = new FindingsDriver(SETTINGS);
    d.watermarkFollows = true;
    List<io.fgm.schema.ContainerSample> samples = killThenFlat();
    samples.subList(0, 571).forEach(d::feed); // through 570 s: the window [450 s, 570 s) is studied
    assertEquals(B + 570_000, d.state.studiedUpToMs);
    assertTrue(of(d.found, FindingKind.MEMORY_LEAK).stream().noneMatch(f -> f.startMs() >= KILL_MS),
        d.found::toString);
    assertTrue(of(d.found, FindingKind.MEMORY_LEAK).stream().noneMatch(f -> f.detectedMs() > KILL_MS),
        "no leak is extended past the kill either: " + d.found);
  }

  @Test
  void a_window_whose_timer_fires_before_the_containers_samples_reach_its_end_is_not_studied_until_they_do() {
    ContainerFindings core = new ContainerFindings(SETTINGS);
    List<io.fgm.schema.ContainerSample> samples = killThenFlat();
    ContainerFindingsState st = core.newState(samples.get(0));
    long end = B + 570_000;
    for (io.fgm.schema.ContainerSample smp : samples.subList(0, 541)) { // through the kill at 540 s
      long closed = core.windowClosedBy(st, smp.timestampMs());
      if (closed != Long.MIN_VALUE) {
        core.onWindowClosed(st, closed);
      }
      core.onSample(st, smp);
      st.nextWindowEndMs = Math.max(st.nextWindowEndMs, core.windowEndFor(smp.timestampMs()));
    }
    long studied = st.studiedUpToMs;
    // Another partition moved the watermark to the window's end while this container is at 540 s.
    assertEquals(List.of(), core.onWindowEnd(st, end));
    ContainerFindings.TimerOutcome early = core.onTimer(st, end, end);
    assertEquals(List.of(), early.findings());
    assertEquals(studied, st.studiedUpToMs, "the incomplete window is not marked studied");
    assertTrue(early.retryAtMs() > end && early.retryAtMs() <= end + SETTINGS.studyGraceMs(),
        "the timer is re-armed within the grace: " + early.retryAtMs());
    assertTrue(core.windowClosedBy(st, end) == end, "the container's sample at the window end still studies it");
  }

  @Test
  void the_findings_are_the_same_when_the_watermark_runs_ahead_of_the_containers_partition() {
    List<List<Finding>> runs = new java.util.ArrayList<>();
    for (long ahead : new long[] {0, 20_000, 30_000}) {
      FindingsDriver d = new FindingsDriver(SETTINGS);
      d.watermarkAheadMs = ahead;
      killThenFlat().forEach(d::feed);
      Random rnd = new Random(12);
      for (int s = 600; s < 900; s++) { // and a cpu step, for the changepoints
        double cpu = (s < 750 ? 200 : 800) + rnd.nextGaussian() * 15;
        d.feed(sample(B + s * 1000L, Map.of("cpu.usage_millicores", cpu, "memory.working_set_bytes", 200e6,
            "memory.limit_bytes", 1e9, "memory.events.oom_kill", 1.0)));
      }
      runs.add(d.finish());
    }
    assertEquals(1, latest(of(runs.get(0), FindingKind.MEMORY_LEAK)).size(), runs.get(0)::toString);
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(runs.get(0), runs.get(2));
  }

  @Test
  void a_container_that_stops_sending_mid_window_has_that_window_studied_once_the_grace_has_passed() {
    ContainerFindings core = new ContainerFindings(SETTINGS);
    ContainerFindingsState st = null;
    for (int s = 0; s < 100; s++) { // stops at 99 s, inside the window ending 120 s
      io.fgm.schema.ContainerSample smp = sample(B + s * 1000L, Map.of("cpu.usage_millicores", 300.0));
      st = st == null ? core.newState(smp) : st;
      core.onSample(st, smp);
      st.nextWindowEndMs = Math.max(st.nextWindowEndMs, core.windowEndFor(smp.timestampMs()));
    }
    long end = B + 120_000;
    ContainerFindings.TimerOutcome first = core.onTimer(st, end, end);
    assertTrue(first.retryAtMs() != Long.MIN_VALUE && st.studiedUpToMs < end);
    long graceEnd = end + SETTINGS.studyGraceMs();
    ContainerFindings.TimerOutcome last = core.onTimer(st, graceEnd, graceEnd);
    assertEquals(Long.MIN_VALUE, last.retryAtMs());
    assertEquals(end, st.studiedUpToMs);
    assertEquals(SETTINGS.slide().toMillis() * 2, SETTINGS.studyGraceMs(), "the grace defaults to two slides");
  }
}
