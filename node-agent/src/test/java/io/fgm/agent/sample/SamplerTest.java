package io.fgm.agent.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.FakeCgroupFs.Version;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests for {@link Sampler}: the cadence of the rarely changing files (limits, memory peak) and of pressure. */
class SamplerTest {
  static final String UID = "11111111-2222-3333-4444-555555555555";
  static final String ID = "c".repeat(64);

  @TempDir Path dir;

  private static ContainerSample only(List<ContainerSample> s) {
    assertEquals(1, s.size());
    return s.get(0);
  }

  @Test
  void limits_are_repeated_between_slow_reads_and_a_resize_shows_at_the_next_one() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID,
        Usage.of(1000, 64L << 20).withLimits(50_000, 100_000, 256L << 20));
    try (Sampler sampler = new Sampler(CgroupLayout.detect(fs.root()), dir.resolve("proc"), "n", 100, 100,
        new AgentStats())) {
      long t0 = 1_700_000_000_000L;
      assertEquals(500, only(sampler.sample(t0, false, true)).value(Metric.CPU_LIMIT_MILLICORES));
      fs.set(c, fs.usage(c).withLimits(100_000, 100_000, 512L << 20));
      ContainerSample between = only(sampler.sample(t0 + 1000, false, false));
      assertEquals(500, between.value(Metric.CPU_LIMIT_MILLICORES), "repeated from the last read");
      assertEquals(256L << 20, between.value(Metric.MEMORY_LIMIT_BYTES));
      ContainerSample after = only(sampler.sample(t0 + Sampler.DEFAULT_LIMITS_PERIOD_MS, false, false));
      assertEquals(1000, after.value(Metric.CPU_LIMIT_MILLICORES), "re-read once the slow period is over");
      assertEquals(512L << 20, after.value(Metric.MEMORY_LIMIT_BYTES));
    }
  }

  @Test
  void between_slow_reads_the_peak_is_the_larger_of_its_last_read_and_the_usage_now() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID,
        Usage.of(1000, 64L << 20));
    try (Sampler sampler = new Sampler(CgroupLayout.detect(fs.root()), dir.resolve("proc"), "n", 100, 100,
        new AgentStats())) {
      long t0 = 1_700_000_000_000L;
      double peak0 = only(sampler.sample(t0, false, true)).value(Metric.MEMORY_PEAK_BYTES);
      fs.set(c, fs.usage(c).withMemory(32L << 20));
      assertEquals(peak0, only(sampler.sample(t0 + 1000, false, false)).value(Metric.MEMORY_PEAK_BYTES),
          "usage below the peak leaves the peak as read");
      fs.set(c, fs.usage(c).withMemory((long) peak0 + (8L << 20)));
      assertEquals(peak0 + (8L << 20),
          only(sampler.sample(t0 + 2000, false, false)).value(Metric.MEMORY_PEAK_BYTES),
          "usage above the last peak read is the new peak");
      // a spike between two samples: the kernel's peak has it, the usage read at the samples does not
      fs.set(c, fs.usage(c).withMemory(128L << 20));
      fs.set(c, fs.usage(c).withMemory(1L << 20));
      assertEquals(peak0 + (8L << 20),
          only(sampler.sample(t0 + 3000, false, false)).value(Metric.MEMORY_PEAK_BYTES),
          "a spike between samples is not seen before the next slow read");
      assertEquals(128L << 20,
          only(sampler.sample(t0 + Sampler.DEFAULT_LIMITS_PERIOD_MS, false, false)).value(Metric.MEMORY_PEAK_BYTES),
          "the slow read takes the kernel's figure again");
    }
  }

  @Test
  void pressure_is_read_only_on_pressure_passes_and_absent_between_never_repeated() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID,
        Usage.of(1000, 64L << 20));
    try (Sampler sampler = new Sampler(CgroupLayout.detect(fs.root()), dir.resolve("proc"), "n", 100, 100,
        new AgentStats())) {
      ContainerSample with = only(sampler.sample(2000, false, true, true));
      ContainerSample without = only(sampler.sample(3000, false, false, false));
      for (Metric m : new Metric[] {Metric.PSI_CPU_SOME_AVG10, Metric.PSI_MEMORY_FULL_TOTAL_US,
          Metric.PSI_IO_SOME_TOTAL_US}) {
        assertTrue(with.metrics().containsKey(m.key()), m.key());
        assertFalse(without.metrics().containsKey(m.key()), m.key() + " is not collected, not repeated");
      }
      assertEquals(with.metrics().size() - without.metrics().size(), psiMetrics(with));
      assertTrue(without.metrics().containsKey(Metric.CPU_USAGE_US.key()), "everything else is read");
    }
  }

  private static long psiMetrics(ContainerSample s) {
    return s.metrics().keySet().stream().filter(k -> k.startsWith("psi.")).count();
  }

  private static final long T0 = 1_700_000_000_000L;

  private Sampler sampler(FakeCgroupFs fs, long limitsPeriodMs) {
    return new Sampler(CgroupLayout.detect(fs.root()), dir.resolve("proc"), "n", 100, 100, new AgentStats(),
        limitsPeriodMs);
  }

  private static String limited(FakeCgroupFs fs, String uid, String id) {
    return fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, uid, id,
        Usage.of(1000, 64L << 20).withLimits(50_000, 100_000, 256L << 20));
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void with_a_configured_period_every_sample_between_re_reads_carries_the_last_limit_read(Version v) {
    FakeCgroupFs fs = FakeCgroupFs.create(dir.resolve("cg"), v);
    String c = limited(fs, UID, ID);
    try (Sampler sampler = sampler(fs, 5_000)) {
      ContainerSample first = only(sampler.sample(T0, false, false, true));
      assertEquals(500, first.value(Metric.CPU_LIMIT_MILLICORES));
      assertEquals(256L << 20, first.value(Metric.MEMORY_LIMIT_BYTES));
      fs.set(c, fs.usage(c).withLimits(150_000, 100_000, 1L << 30));
      for (long t = T0 + 1000; t < T0 + 5000; t += 1000) {
        ContainerSample between = only(sampler.sample(t, false, false, false));
        assertEquals(500, between.value(Metric.CPU_LIMIT_MILLICORES), "at +" + (t - T0) + " ms");
        assertEquals(256L << 20, between.value(Metric.MEMORY_LIMIT_BYTES), "at +" + (t - T0) + " ms");
      }
      ContainerSample after = only(sampler.sample(T0 + 5000, false, false, false));
      assertEquals(1500, after.value(Metric.CPU_LIMIT_MILLICORES), "re-read once the period has passed");
      assertEquals(1L << 30, after.value(Metric.MEMORY_LIMIT_BYTES));
      ContainerSample next = only(sampler.sample(T0 + 6000, false, false, false));
      assertEquals(1500, next.value(Metric.CPU_LIMIT_MILLICORES), "the new limit is what is repeated now");
      assertEquals(1L << 30, next.value(Metric.MEMORY_LIMIT_BYTES));
    }
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void a_limit_removed_is_absent_after_the_next_re_read_and_not_repeated_from_before(Version v) {
    FakeCgroupFs fs = FakeCgroupFs.create(dir.resolve("cg"), v);
    String c = limited(fs, UID, ID);
    try (Sampler sampler = sampler(fs, 2_000)) {
      assertEquals(500, only(sampler.sample(T0, false, false, true)).value(Metric.CPU_LIMIT_MILLICORES));
      fs.set(c, fs.usage(c).withLimits(-1, 100_000, -1)); // unlimited: "max" on v2, -1 and the huge value on v1
      assertEquals(500, only(sampler.sample(T0 + 1000, false, false, false)).value(Metric.CPU_LIMIT_MILLICORES));
      ContainerSample reread = only(sampler.sample(T0 + 2000, false, false, false));
      ContainerSample later = only(sampler.sample(T0 + 3000, false, false, false));
      for (ContainerSample s : List.of(reread, later)) {
        assertFalse(s.metrics().containsKey(Metric.CPU_LIMIT_MILLICORES.key()), "no CPU limit any more");
        assertFalse(s.metrics().containsKey(Metric.MEMORY_LIMIT_BYTES.key()), "no memory limit any more");
        assertTrue(s.metrics().containsKey(Metric.CPU_USAGE_US.key()), "the measurements go on");
      }
    }
  }

  @Test
  void a_limits_period_of_zero_reads_the_limits_on_every_pass() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = limited(fs, UID, ID);
    try (Sampler sampler = sampler(fs, 0)) {
      assertEquals(500, only(sampler.sample(T0, false, false, true)).value(Metric.CPU_LIMIT_MILLICORES));
      fs.set(c, fs.usage(c).withLimits(200_000, 100_000, 256L << 20));
      assertEquals(2000, only(sampler.sample(T0 + 1000, false, false, false)).value(Metric.CPU_LIMIT_MILLICORES));
    }
  }

  @Test
  void a_full_discovery_does_not_re_read_the_limits_before_their_period_is_over() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = limited(fs, UID, ID);
    try (Sampler sampler = sampler(fs, 60_000)) {
      assertEquals(500, only(sampler.sample(T0, false, false, true)).value(Metric.CPU_LIMIT_MILLICORES));
      fs.set(c, fs.usage(c).withLimits(100_000, 100_000, 256L << 20));
      assertEquals(500, only(sampler.sample(T0 + 30_000, false, false, true)).value(Metric.CPU_LIMIT_MILLICORES),
          "the full discovery every 30 s does not shorten a 60-s limits period");
      assertEquals(1000, only(sampler.sample(T0 + 60_000, false, false, false)).value(Metric.CPU_LIMIT_MILLICORES));
    }
  }

  @Test
  void a_container_that_appears_between_re_reads_has_its_limits_read_on_its_first_pass() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    limited(fs, UID, ID);
    try (Sampler sampler = sampler(fs, 10_000)) {
      sampler.sample(T0, false, false, true);
      String uid2 = "66666666-7777-8888-9999-000000000000";
      String id2 = "d".repeat(64);
      String c2 = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, uid2, id2,
          Usage.of(1000, 64L << 20).withLimits(25_000, 100_000, 128L << 20));
      List<ContainerSample> s = sampler.sample(T0 + 1000, false, false, true);
      ContainerSample second =
          s.stream().filter(x -> x.container().containerId().equals(id2)).findFirst().orElseThrow();
      assertEquals(250, second.value(Metric.CPU_LIMIT_MILLICORES), c2 + " read on its first pass");
      assertEquals(128L << 20, second.value(Metric.MEMORY_LIMIT_BYTES));
    }
  }

  @Test
  void a_clock_stepped_back_re_reads_the_limits() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = limited(fs, UID, ID);
    try (Sampler sampler = sampler(fs, 10_000)) {
      sampler.sample(T0, false, false, true);
      fs.set(c, fs.usage(c).withLimits(100_000, 100_000, 256L << 20));
      assertEquals(1000, only(sampler.sample(T0 - 3_600_000, false, false, false))
          .value(Metric.CPU_LIMIT_MILLICORES));
    }
  }

  @Test
  void a_negative_limits_period_is_refused_with_its_value() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sampler(fs, -1));
    assertEquals("limitsPeriodMs must be >= 0, was -1", e.getMessage());
  }
}
