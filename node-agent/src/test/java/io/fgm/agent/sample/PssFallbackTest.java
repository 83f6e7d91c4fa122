package io.fgm.agent.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.FakeProcFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the PSS path of {@link Sampler} when cgroup.procs cannot name a container's processes: the agent in a
 * pod without hostPID reads the host's cgroupfs and /proc, and maps processes through PROC/PID/cgroup.
 */
class PssFallbackTest {
  static final String UID = "11111111-2222-3333-4444-555555555555";
  static final String ID1 = "a".repeat(64);
  static final String ID2 = "b".repeat(64);

  @TempDir Path dir;

  /** /proc/PID/cgroup as the agent sees it from its own cgroup namespace (another pod's container). */
  private static String seenFromAPod(String containerId) {
    return "0::/../../kubepods-burstable-pod" + UID.replace('-', '_') + ".slice/cri-containerd-" + containerId
        + ".scope\n";
  }

  private Map<String, ContainerSample> sample(FakeCgroupFs fs, Path proc) {
    try (Sampler s = new Sampler(CgroupLayout.detect(fs.root()), proc, "n", 100, 100, new AgentStats())) {
      return s.sample(1000, true).stream()
          .collect(Collectors.toMap(c -> c.container().containerId(), Function.identity()));
    }
  }

  private FakeCgroupFs twoContainers() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    for (String id : new String[] {ID1, ID2}) {
      String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, id,
          Usage.of(1, 1 << 20));
      fs.procs(c); // empty: its processes are not in the agent's PID namespace
    }
    return fs;
  }

  @Test
  void empty_cgroup_procs_fall_back_to_mapping_processes_through_their_proc_cgroup_file() {
    FakeCgroupFs fs = twoContainers();
    FakeProcFs proc = new FakeProcFs(dir.resolve("proc"))
        .smapsRollup(4001, 1000, 600, 400, 0).smapsRollup(4002, 24, 20, 4, 0).smapsRollup(5001, 8, 8, 0, 0)
        .smapsRollup(1, 99_999, 99_999, 0, 0);
    FakeCgroupFs.writeInPlace(proc.root().resolve("4001/cgroup"), seenFromAPod(ID1));
    FakeCgroupFs.writeInPlace(proc.root().resolve("4002/cgroup"), seenFromAPod(ID1).replace(".scope\n",
        ".scope/nested\n"));
    FakeCgroupFs.writeInPlace(proc.root().resolve("5001/cgroup"), seenFromAPod(ID2));
    FakeCgroupFs.writeInPlace(proc.root().resolve("1/cgroup"), "0::/../../../../init.scope\n");

    Map<String, ContainerSample> s = sample(fs, proc.root());
    assertEquals(1024 * 1024, s.get(ID1).value(Metric.MEMORY_PSS_BYTES));
    assertEquals(620 * 1024, s.get(ID1).value(Metric.MEMORY_PSS_ANON_BYTES));
    assertEquals(8 * 1024, s.get(ID2).value(Metric.MEMORY_PSS_BYTES));
  }

  @Test
  void in_another_pid_namespace_cgroup_procs_pids_are_ignored_since_they_name_other_processes_there()
      throws Exception {
    FakeCgroupFs fs = twoContainers();
    fs.procs(fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1,
        Usage.of(1, 1 << 20)), 1); // pid 1 of the agent's namespace; /host/proc/1 is the host's init
    FakeProcFs proc = new FakeProcFs(dir.resolve("proc"))
        .smapsRollup(1, 99_999, 99_999, 0, 0).smapsRollup(4001, 1000, 600, 400, 0);
    FakeCgroupFs.writeInPlace(proc.root().resolve("1/cgroup"), "0::/../../../../init.scope\n");
    FakeCgroupFs.writeInPlace(proc.root().resolve("4001/cgroup"), seenFromAPod(ID1));
    // the proc root's self link names the agent by another number than the agent's own /proc/self
    Files.createSymbolicLink(proc.root().resolve("self"), Path.of("999999999"));

    Map<String, ContainerSample> s = sample(fs, proc.root());
    assertEquals(1000 * 1024, s.get(ID1).value(Metric.MEMORY_PSS_BYTES));
    assertEquals(0, s.get(ID2).value(Metric.MEMORY_PSS_BYTES), "no process of it was found: sum over none");
  }

  @Test
  void without_a_readable_proc_root_and_without_cgroup_procs_pss_is_not_collected_rather_than_zero() {
    FakeCgroupFs fs = FakeCgroupFs.v2(dir.resolve("cg"));
    String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE, UID, ID1,
        Usage.of(1, 1 << 20));
    fs.deleteFile(c, "cgroup.procs");
    Map<String, ContainerSample> s = sample(fs, dir.resolve("no-such-proc"));
    assertTrue(Double.isNaN(s.get(ID1).value(Metric.MEMORY_PSS_BYTES)));
  }
}
