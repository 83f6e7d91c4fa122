package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.agent.publish.InMemorySamplePublisher;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.FakeProcFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link NodeAgent}: fixture tree to samples, through the real sampler and loop. */
class NodeAgentTest {
  static final String ID1 = "a".repeat(64);
  static final String ID2 = "b".repeat(64);
  static final String UID = "11111111-2222-3333-4444-555555555555";

  @TempDir Path dir;

  private NodeAgent agent(Path cgroupRoot, Path procRoot, InMemorySamplePublisher pub) {
    return NodeAgent.builder().cgroupRoot(cgroupRoot).procRoot(procRoot).nodeName("node-1").publisher(pub).build();
  }

  private static Map<String, ContainerSample> byId(List<ContainerSample> samples) {
    return samples.stream().collect(Collectors.toMap(s -> s.container().containerId(), Function.identity()));
  }

  @Test
  void a_v2_pass_reads_every_metric_of_every_container() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    Usage u1 = Usage.of(2_000_000, 64L << 20).withLimits(50_000, 100_000, 256L << 20)
        .withThrottling(100, 7, 3000).withIo(4096, 8192, 1, 2).withPids(3).withOomKills(1);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1, u1);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID2,
        Usage.of(5, 1 << 20));

    try (NodeAgent a = agent(fs.root(), dir.resolve("proc"), new InMemorySamplePublisher())) {
      Map<String, ContainerSample> s = byId(a.sampleOnce(1_700_000_000_000L));
      assertEquals(2, s.size());
      ContainerSample c = s.get(ID1);
      assertEquals(1_700_000_000_000L, c.timestampMs());
      assertEquals("node-1", c.node());
      assertEquals(UID, c.container().podUid());
      assertEquals(QosClass.BURSTABLE, c.container().qos());
      assertEquals(2_000_000, c.value(Metric.CPU_USAGE_US));
      assertEquals(1_500_000, c.value(Metric.CPU_USER_US));
      assertEquals(500, c.value(Metric.CPU_LIMIT_MILLICORES));
      assertEquals(7, c.value(Metric.CPU_NR_THROTTLED));
      assertEquals(64L << 20, c.value(Metric.MEMORY_CURRENT_BYTES));
      assertEquals(256L << 20, c.value(Metric.MEMORY_LIMIT_BYTES));
      assertEquals((64L << 20) - (16L << 20), c.value(Metric.MEMORY_WORKING_SET_BYTES));
      assertEquals(1, c.value(Metric.MEMORY_EVENTS_OOM_KILL));
      assertEquals(4096, c.value(Metric.IO_READ_BYTES));
      assertEquals(2, c.value(Metric.IO_WRITE_OPS));
      assertEquals(3, c.value(Metric.PIDS_CURRENT));
      assertEquals(0, c.value(Metric.PSI_MEMORY_SOME_TOTAL_US));
      assertFalse(s.get(ID2).metrics().containsKey(Metric.MEMORY_LIMIT_BYTES.key()), "max means no limit");
      assertTrue(a.heldFiles() > 0, "files are held open between passes");
    }
  }

  @Test
  void a_v1_pass_reads_cpuacct_cpu_memory_pids_and_blkio() {
    FakeCgroupFs fs = FakeCgroupFs.v1(dir.resolve("cg"));
    Usage u = Usage.of(3_000_000, 32L << 20).withLimits(150_000, 100_000, -1).withIo(10, 20, 1, 2).withPids(4);
    fs.kubeContainer(KubeLayout.CGROUPFS, KubeLayout.Runtime.CONTAINERD, QosClass.BEST_EFFORT, UID, ID1, u);

    try (NodeAgent a = agent(fs.root(), dir.resolve("proc"), new InMemorySamplePublisher())) {
      ContainerSample c = byId(a.sampleOnce(1000)).get(ID1);
      assertEquals(QosClass.BEST_EFFORT, c.container().qos());
      assertEquals(3_000_000, c.value(Metric.CPU_USAGE_US));
      assertEquals(2_250_000, c.value(Metric.CPU_USER_US)); // from ticks: 225 ticks at USER_HZ 100
      assertEquals(1500, c.value(Metric.CPU_LIMIT_MILLICORES));
      assertEquals(32L << 20, c.value(Metric.MEMORY_CURRENT_BYTES));
      assertTrue(Double.isNaN(c.value(Metric.MEMORY_LIMIT_BYTES)), "the page-aligned maximum means no limit");
      assertEquals((32L << 20) - (8L << 20), c.value(Metric.MEMORY_WORKING_SET_BYTES));
      assertEquals(10, c.value(Metric.IO_READ_BYTES));
      assertEquals(4, c.value(Metric.PIDS_CURRENT));
      assertEquals(0, c.value(Metric.MEMORY_FAILCNT));
    }
  }

  @Test
  void without_a_cpuacct_cgroup_cpu_is_summed_over_the_processes_from_proc() {
    FakeCgroupFs fs = FakeCgroupFs.create(dir.resolve("cg"), FakeCgroupFs.Version.V1_SEPARATE);
    String rel = fs.cgroup("process_api/97d0301f", Usage.of(0, 8L << 20), "memory");
    fs.procs(rel, 100, 101);
    new FakeProcFs(dir.resolve("proc"))
        .stat(100, "bash", 150, 50, 7, 3)
        .stat(101, "my (odd) cmd", 10, 0, 0, 0);

    try (NodeAgent a = agent(fs.root(), dir.resolve("proc"), new InMemorySamplePublisher())) {
      ContainerSample c = byId(a.sampleOnce(1000)).get("process_api/97d0301f");
      assertEquals((150 + 50 + 7 + 3 + 10) * 10_000, c.value(Metric.CPU_USAGE_US));
      assertEquals((150 + 7 + 10) * 10_000, c.value(Metric.CPU_USER_US));
      assertEquals(8L << 20, c.value(Metric.MEMORY_CURRENT_BYTES));
      assertTrue(Double.isNaN(c.value(Metric.CPU_NR_PERIODS)));
    }
  }

  @Test
  void a_garbage_file_is_counted_and_the_rest_of_the_sample_goes_out() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1,
        Usage.of(1000, 1 << 20));
    fs.writeFile(c, "cpu.stat", "\u0000\u0001garbage");
    fs.deleteFile(c, "memory.peak");

    try (NodeAgent a = agent(fs.root(), dir.resolve("proc"), new InMemorySamplePublisher())) {
      ContainerSample s = byId(a.sampleOnce(1000)).get(ID1);
      assertTrue(Double.isNaN(s.value(Metric.CPU_USAGE_US)));
      assertTrue(Double.isNaN(s.value(Metric.MEMORY_PEAK_BYTES)), "a missing file is not collected, not 0");
      assertEquals(1 << 20, s.value(Metric.MEMORY_CURRENT_BYTES));
      assertEquals(1, a.stats().parseErrors.get());
    }
  }

  @Test
  void churned_containers_release_their_files_and_new_ones_are_read() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c1 = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1,
        Usage.of(1, 1));
    try (NodeAgent a = agent(fs.root(), dir.resolve("proc"), new InMemorySamplePublisher())) {
      a.sampleOnce(1000);
      int held = a.heldFiles();
      assertTrue(held > 0);
      fs.remove(c1);
      fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID2,
          Usage.of(2, 2));
      List<ContainerSample> second = a.sampleOnce(2000);
      assertEquals(List.of(ID2), second.stream().map(s -> s.container().containerId()).toList());
      assertEquals(held, a.heldFiles(), "the gone container's descriptors were closed");
      fs.remove(fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID2,
          Usage.of(2, 2)));
      assertEquals(0, a.sampleOnce(3000).size());
      assertEquals(0, a.heldFiles());
    }
  }

  @Test
  void the_running_loop_publishes_one_batch_per_aligned_second() throws Exception {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1,
        Usage.of(0, 1 << 20).burning(500));
    fs.startTicking(Duration.ofMillis(5));
    InMemorySamplePublisher pub = new InMemorySamplePublisher();
    try (NodeAgent a = agent(fs.root(), dir.resolve("proc"), pub).start()) {
      assertTrue(pub.awaitPublishCalls(2, Duration.ofSeconds(10)));
    } finally {
      fs.close();
    }
    List<ContainerSample> s = pub.samples();
    assertTrue(s.size() >= 2);
    assertEquals(0, s.get(0).timestampMs() % 1000, "aligned to the second");
    assertEquals(1000, s.get(1).timestampMs() - s.get(0).timestampMs());
    assertTrue(s.get(1).value(Metric.CPU_USAGE_US) > s.get(0).value(Metric.CPU_USAGE_US), "CPU advanced");
  }

  @Test
  void pss_is_summed_over_the_processes_and_a_lone_pause_process_marks_the_sandbox() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String app = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1,
        Usage.of(1, 1 << 20));
    String pause = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID,
        ID2, Usage.of(1, 1 << 16));
    fs.procs(app, 200, 201);
    fs.procs(pause, 300);
    FakeProcFs proc = new FakeProcFs(dir.resolve("proc"))
        .smapsRollup(200, 1000, 600, 400, 0).smapsRollup(201, 24, 20, 4, 0).smapsRollup(300, 8, 8, 0, 0);
    FakeCgroupFs.writeComm(proc.root(), 300, "pause");
    FakeCgroupFs.writeComm(proc.root(), 200, "java");

    try (NodeAgent a = agent(fs.root(), proc.root(), new InMemorySamplePublisher())) {
      Map<String, ContainerSample> s = byId(a.sampleOnce(1000));
      assertEquals(1024 * 1024, s.get(ID1).value(Metric.MEMORY_PSS_BYTES));
      assertEquals(620 * 1024, s.get(ID1).value(Metric.MEMORY_PSS_ANON_BYTES));
      assertEquals(404 * 1024, s.get(ID1).value(Metric.MEMORY_PSS_FILE_BYTES));
      assertFalse(s.get(ID1).container().sandbox());
      assertTrue(s.get(ID2).container().sandbox());
    }
  }

  @Test
  void self_metrics_publish_the_agents_own_cpu_and_rss() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    try (NodeAgent a = NodeAgent.builder().cgroupRoot(fs.root()).nodeName("n").selfMetrics(true)
        .publisher(new InMemorySamplePublisher()).build()) {
      ContainerSample self = byId(a.sampleOnce(1000)).get("fgm-agent");
      assertTrue(self.value(Metric.CPU_USAGE_US) > 0);
      assertTrue(self.value(Metric.MEMORY_RSS_BYTES) > 1 << 20);
      assertTrue(self.value(Metric.MEMORY_PSS_BYTES) > 0);
    }
  }

  @Test
  void periodic_reads_fall_on_the_ticks_at_multiples_of_their_period() {
    assertTrue(NodeAgent.onPeriod(1_796_000_000_000L, 2000, 1000));
    assertFalse(NodeAgent.onPeriod(1_796_000_001_000L, 2000, 1000), "odd seconds skip the pressure files");
    assertTrue(NodeAgent.onPeriod(1_796_000_010_000L, 10_000, 1000));
    assertFalse(NodeAgent.onPeriod(1_796_000_012_000L, 10_000, 1000));
    assertFalse(NodeAgent.onPeriod(1_796_000_000_000L, 0, 1000), "0 = never");
    assertTrue(NodeAgent.onPeriod(1_796_000_001_000L, 1000, 1000), "a period of one tick reads every tick");
    assertTrue(NodeAgent.onPeriod(-1000, 2000, 1000) != NodeAgent.onPeriod(-2000, 2000, 1000), "before 1970 too");
  }

  @Test
  void the_builder_rejects_bad_settings_with_a_reason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NodeAgent.builder().cgroupRoot(dir.resolve("nope")).build());
    assertTrue(e.getMessage().contains("nope"));
    assertThrows(IllegalArgumentException.class, () -> NodeAgent.builder().cgroupRoot(dir).periodMs(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> NodeAgent.builder().cgroupRoot(dir).pressurePeriodMs(-1).build());
    assertThrows(IllegalArgumentException.class,
        () -> NodeAgent.builder().cgroupRoot(dir).bootstrapServers(" ").build());
    IllegalArgumentException limits = assertThrows(IllegalArgumentException.class,
        () -> NodeAgent.builder().cgroupRoot(dir).limitsPeriodMs(-5).build());
    assertEquals("limitsPeriodMs must be >= 0, was -5", limits.getMessage());
    IllegalArgumentException publish = assertThrows(IllegalArgumentException.class,
        () -> NodeAgent.builder().cgroupRoot(dir).publishPeriodMs(60_001).build());
    assertEquals("publishPeriodMs must be 0 .. 60000, was 60001", publish.getMessage());
  }
}
