package io.fgm.agent.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Tests for {@link Sampler}: the cadence of the rarely changing files (limits, memory peak). */
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
      ContainerSample after = only(sampler.sample(t0 + Sampler.SLOW_PERIOD_MS, false, false));
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
          only(sampler.sample(t0 + Sampler.SLOW_PERIOD_MS, false, false)).value(Metric.MEMORY_PEAK_BYTES),
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
}
