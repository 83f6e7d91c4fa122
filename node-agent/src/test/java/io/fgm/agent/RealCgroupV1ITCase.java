package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fgm.agent.publish.InMemorySamplePublisher;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent on this machine's real cgroup v1 hierarchies: creates uniquely named groups
 * {@code /sys/fs/cgroup/{cpu,cpuacct,memory}/fgm-test-<uuid>}, runs a CPU-burning shell in them and checks the
 * agent sees its CPU time and memory; then recreates the group at the same path (churn) and checks the held
 * descriptors follow the new cgroup. A second test checks on the real kernel the premise of reading v1
 * {@code cpu.stat} only with the limits while a cgroup has no CFS quota ({@link
 * io.fgm.agent.cgroup.V1ContainerReader}): without a quota its counters stay still under load, with one they move,
 * and the agent then sees them move from one pass to the next. The groups are removed afterwards, also on failure. Skipped where there is
 * no writable v1 memory and cpuacct hierarchy (not root, or a v2 host).
 */
class RealCgroupV1ITCase {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final String[] HIERARCHIES = {"cpu", "cpuacct", "memory"};
  private final String name = "fgm-test-" + UUID.randomUUID();
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void requireWritableV1() {
    assumeTrue(Files.isRegularFile(ROOT.resolve("memory/memory.usage_in_bytes"))
        && Files.isRegularFile(ROOT.resolve("cpuacct/cpuacct.usage"))
        && Files.isWritable(ROOT.resolve("memory")), "needs a writable cgroup v1 memory and cpuacct hierarchy");
  }

  @AfterEach
  void removeGroups() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor();
    }
    for (String h : HIERARCHIES) {
      Path d = ROOT.resolve(h).resolve(name);
      for (int i = 0; i < 50 && Files.exists(d); i++) {
        try {
          Files.delete(d); // rmdir; fails with EBUSY while a dying task still lingers
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  @Test
  void the_agent_sees_a_real_cgroups_cpu_and_memory_and_follows_it_when_recreated() throws Exception {
    createGroups();
    burnIn();
    try (NodeAgent agent = NodeAgent.builder().cgroupRoot(ROOT).nodeName("real")
        .publisher(new InMemorySamplePublisher()).pssPeriodMs(0).build()) {
      ContainerSample first = find(agent.sampleOnce(System.currentTimeMillis()));
      Thread.sleep(1500);
      ContainerSample second = find(agent.sampleOnce(System.currentTimeMillis()));
      double cpuUs = second.value(Metric.CPU_USAGE_US) - first.value(Metric.CPU_USAGE_US);
      assertTrue(cpuUs > 100_000, "a busy shell used " + cpuUs + " µs of CPU in 1.5 s");
      assertTrue(second.value(Metric.MEMORY_CURRENT_BYTES) > 0, "memory " + second.metrics());
      assertTrue(second.value(Metric.CPU_USER_US) > 0);

      // churn: the same path, a new cgroup
      removeGroups();
      processes.clear();
      createGroups();
      ContainerSample fresh = find(agent.sampleOnce(System.currentTimeMillis()));
      assertTrue(fresh.value(Metric.CPU_USAGE_US) < second.value(Metric.CPU_USAGE_US),
          "read the new cgroup, not the dead one: " + fresh.metrics());
    }
  }

  @Test
  void without_a_quota_the_kernel_keeps_cpu_stat_still_and_with_one_the_agent_sees_it_move_every_pass()
      throws Exception {
    createGroups();
    burnIn();
    Path cpu = ROOT.resolve("cpu").resolve(name);
    Path mem = ROOT.resolve("memory").resolve(name);
    String stat0 = Files.readString(cpu.resolve("cpu.stat"));
    String failcnt0 = Files.readString(mem.resolve("memory.failcnt"));
    Thread.sleep(1500);
    assertEquals(stat0, Files.readString(cpu.resolve("cpu.stat")), "no quota: a busy group's cpu.stat stays still");
    assertEquals(failcnt0, Files.readString(mem.resolve("memory.failcnt")), "no limit: failcnt stays still");

    Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "20000"); // 20 % of a core: the busy shell is throttled
    try (NodeAgent agent = NodeAgent.builder().cgroupRoot(ROOT).nodeName("real")
        .publisher(new InMemorySamplePublisher()).pssPeriodMs(0).build()) {
      ContainerSample first = find(agent.sampleOnce(System.currentTimeMillis()));
      assertEquals(200, first.value(Metric.CPU_LIMIT_MILLICORES), first.metrics().toString());
      Thread.sleep(1500);
      ContainerSample second = find(agent.sampleOnce(System.currentTimeMillis()));
      assertTrue(second.value(Metric.CPU_NR_PERIODS) > first.value(Metric.CPU_NR_PERIODS),
          "with a quota cpu.stat is read every pass: " + first.metrics() + " then " + second.metrics());
      assertTrue(second.value(Metric.CPU_NR_THROTTLED) > first.value(Metric.CPU_NR_THROTTLED),
          "the busy shell is throttled: " + second.metrics());
    }
  }

  private ContainerSample find(List<ContainerSample> samples) {
    return samples.stream().filter(s -> s.container().containerId().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("agent did not find " + name));
  }

  private void createGroups() throws IOException {
    for (String h : HIERARCHIES) {
      Files.createDirectory(ROOT.resolve(h).resolve(name));
    }
  }

  private void burnIn() throws IOException {
    StringBuilder join = new StringBuilder();
    for (String h : HIERARCHIES) {
      join.append("echo $$ > ").append(ROOT.resolve(h).resolve(name).resolve("cgroup.procs")).append("; ");
    }
    // exec: the new program's stack and heap are allocated, so charged, inside the group; the string grows too
    String burn = "s=; for i in $(seq 1 3000); do s=\"$s 0123456789abcdef0123456789abcdef\"; done; "
        + "x=0; while :; do x=$((x+1)); done";
    processes.add(new ProcessBuilder("sh", "-c", join + "exec sh -c '" + burn + "'")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
  }
}
