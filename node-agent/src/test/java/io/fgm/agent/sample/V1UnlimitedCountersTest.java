package io.fgm.agent.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * v1 {@code cpu.stat} and {@code memory.failcnt} of a container without a limit of its own are read with the limits
 * (the kernel cannot move them then) and repeated in between; with a limit they are read every pass. v2 keeps
 * reading {@code cpu.stat} every pass (it holds the CPU usage too).
 */
class V1UnlimitedCountersTest {
  private static final String UID = "11111111-2222-3333-4444-555555555555";
  private static final String ID = "d".repeat(64);
  private static final long T0 = 1_700_000_000_000L;
  private static final long PERIOD = 5_000;

  @TempDir Path dir;

  private Sampler sampler(FakeCgroupFs fs) {
    return new Sampler(CgroupLayout.detect(fs.root()), dir.resolve("proc"), "n", 100, 100, new AgentStats(), PERIOD);
  }

  private static ContainerSample only(List<ContainerSample> s) {
    assertEquals(1, s.size());
    return s.get(0);
  }

  private static String container(FakeCgroupFs fs, long quotaUs, long memoryLimit) {
    return fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID,
        Usage.of(1000, 64L << 20).withLimits(quotaUs, 100_000, memoryLimit).withThrottling(10, 2, 300)
            .withOomKills(1));
  }

  private static void assertCounters(ContainerSample s, long periods, long throttled, long throttledUs,
      long failcnt, String when) {
    assertEquals(periods, s.value(Metric.CPU_NR_PERIODS), "nr_periods " + when);
    assertEquals(throttled, s.value(Metric.CPU_NR_THROTTLED), "nr_throttled " + when);
    assertEquals(throttledUs, s.value(Metric.CPU_THROTTLED_US), "throttled µs " + when);
    assertEquals(failcnt, s.value(Metric.MEMORY_FAILCNT), "failcnt " + when);
  }

  @Test
  void without_limits_every_sample_carries_the_counters_last_read_and_the_slow_read_refreshes_them() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir.resolve("cg"));
    String c = container(fs, -1, -1);
    try (Sampler sampler = sampler(fs)) {
      assertCounters(only(sampler.sample(T0, false, false, true)), 10, 2, 300, 1, "on the first pass");
      // the fixture moves counters a real kernel would keep still without a limit: shows which pass reads the files
      fs.set(c, fs.usage(c).withThrottling(20, 4, 600).withOomKills(3).withCpu(5000));
      for (long t = T0 + 1000; t < T0 + PERIOD; t += 1000) {
        ContainerSample between = only(sampler.sample(t, false, false, false));
        assertCounters(between, 10, 2, 300, 1, "repeated at +" + (t - T0) + " ms");
        assertEquals(5000, between.value(Metric.CPU_USAGE_US), "the usage is read every pass");
      }
      assertCounters(only(sampler.sample(T0 + PERIOD, false, false, false)), 20, 4, 600, 3, "at the slow read");
    }
  }

  @Test
  void with_a_cpu_quota_and_a_memory_limit_the_counters_are_read_every_pass() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir.resolve("cg"));
    String c = container(fs, 50_000, 256L << 20);
    try (Sampler sampler = sampler(fs)) {
      assertCounters(only(sampler.sample(T0, false, false, true)), 10, 2, 300, 1, "on the first pass");
      fs.set(c, fs.usage(c).withThrottling(20, 4, 600).withOomKills(3));
      assertCounters(only(sampler.sample(T0 + 1000, false, false, false)), 20, 4, 600, 3, "on the next pass");
    }
  }

  @Test
  void only_the_limit_that_is_absent_stops_its_file_being_read_every_pass() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir.resolve("cg"));
    String c = container(fs, 50_000, -1); // a CPU quota, no memory limit
    try (Sampler sampler = sampler(fs)) {
      sampler.sample(T0, false, false, true);
      fs.set(c, fs.usage(c).withThrottling(20, 4, 600).withOomKills(3));
      ContainerSample next = only(sampler.sample(T0 + 1000, false, false, false));
      assertEquals(20, next.value(Metric.CPU_NR_PERIODS), "cpu.stat read: the quota is set");
      assertEquals(1, next.value(Metric.MEMORY_FAILCNT), "failcnt repeated: no memory limit");
    }
  }

  @Test
  void a_limit_set_between_slow_reads_is_followed_by_reads_every_pass_from_the_slow_read_on() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir.resolve("cg"));
    String c = container(fs, -1, -1);
    try (Sampler sampler = sampler(fs)) {
      sampler.sample(T0, false, false, true);
      fs.set(c, fs.usage(c).withLimits(50_000, 100_000, 256L << 20).withThrottling(20, 4, 600).withOomKills(3));
      assertCounters(only(sampler.sample(T0 + 1000, false, false, false)), 10, 2, 300, 1, "before the slow read");
      ContainerSample slow = only(sampler.sample(T0 + PERIOD, false, false, false));
      assertEquals(500, slow.value(Metric.CPU_LIMIT_MILLICORES));
      assertCounters(slow, 20, 4, 600, 3, "at the slow read that saw the limits (the pass had repeated them)");
      fs.set(c, fs.usage(c).withThrottling(30, 6, 900).withOomKills(5));
      assertCounters(only(sampler.sample(T0 + PERIOD + 1000, false, false, false)), 30, 6, 900, 5,
          "every pass once limited");
    }
  }

  @Test
  void a_limit_removed_freezes_the_counters_at_the_values_read_in_the_slow_pass_that_saw_it_go() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir.resolve("cg"));
    String c = container(fs, 50_000, 256L << 20);
    try (Sampler sampler = sampler(fs)) {
      sampler.sample(T0, false, false, true);
      fs.set(c, fs.usage(c).withLimits(-1, 100_000, -1).withThrottling(20, 4, 600).withOomKills(3));
      assertCounters(only(sampler.sample(T0 + PERIOD, false, false, false)), 20, 4, 600, 3, "at the slow read");
      fs.set(c, fs.usage(c).withThrottling(30, 6, 900).withOomKills(5));
      assertCounters(only(sampler.sample(T0 + PERIOD + 1000, false, false, false)), 20, 4, 600, 3,
          "repeated after the limits went");
    }
  }

  @Test
  void on_v2_cpu_stat_is_read_every_pass_even_without_a_quota() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = container(fs, -1, -1);
    try (Sampler sampler = sampler(fs)) {
      sampler.sample(T0, false, false, true);
      fs.set(c, fs.usage(c).withThrottling(20, 4, 600));
      assertEquals(20, only(sampler.sample(T0 + 1000, false, false, false)).value(Metric.CPU_NR_PERIODS));
    }
  }
}
