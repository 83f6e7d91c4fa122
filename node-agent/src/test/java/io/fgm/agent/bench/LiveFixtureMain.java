package io.fgm.agent.bench;

import io.fgm.schema.QosClass;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.FakeProcFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The footprint benchmark's node, in a JVM of its own so that its CPU is not counted as the agent's:
 * {@code LiveFixtureMain CGROUP_DIR PROC_DIR N [v1|v2]}. Writes a v2 (default) or v1 kubepods tree (systemd driver, containerd) of N
 * containers, two per pod, half Burstable and a quarter each Guaranteed and BestEffort, with two processes each
 * under PROC_DIR (stat, status, comm, smaps_rollup) listed in their cgroup.procs; then, every second, rewrites every
 * container's files in place with advancing counters (CPU, memory, IO, throttling), so that the agent's held
 * descriptors read new values every tick as on a real node. Prints {@code READY} once the tree is written and runs
 * until killed. Deterministic ids, so runs are comparable.
 */
public final class LiveFixtureMain {
  private LiveFixtureMain() {}

  public static void main(String[] args) throws java.io.IOException {
    Path cg = Path.of(args[0]);
    FakeProcFs proc = new FakeProcFs(Path.of(args[1]));
    int n = Integer.parseInt(args[2]);
    boolean v1 = args.length > 3 && args[3].equals("v1");
    FakeCgroupFs fs = v1 ? FakeCgroupFs.v1(cg) : FakeCgroupFs.v2(cg);
    List<String> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int pod = i / 2;
      QosClass qos = pod % 4 == 0 ? QosClass.GUARANTEED : pod % 4 == 1 ? QosClass.BEST_EFFORT : QosClass.BURSTABLE;
      String uid = new UUID(0x1234_5678_9abc_def0L, pod).toString();
      String id = String.format("%064x", 0xfeedL * 1_000_003L + i);
      paths.add(fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, qos, uid, id, usage(i, 0)));
      int pid1 = 10_000 + 2 * i;
      int pid2 = pid1 + 1;
      fs.procs(paths.get(i), pid1, pid2);
      for (int pid : new int[] {pid1, pid2}) {
        proc.stat(pid, "app", 100 + i, 50 + i, 0, 0);
        proc.status(pid, "app", 20_000 + i);
        proc.smapsRollup(pid, 10_000 + i, 8_000, 2_000, 0);
        FakeCgroupFs.writeComm(proc.root(), pid, "app");
      }
    }
    if (!v1) {
      writeRootCgroupStat(cg); // v1 hierarchies have none
    }
    System.out.println("READY " + n);
    System.out.flush();
    long next = System.nanoTime();
    for (long second = 1; ; second++) {
      next += 1_000_000_000L;
      // half a second off the agent's ticks (which fall on the wall-clock second), like a kernel that updates
      // counters continuously: the agent never waits on the writer
      for (int i = 0; i < n; i++) {
        // keeps the processes listed (until 2026-11-25 set() emptied cgroup.procs, so the agent's PSS passes measured
        // a fallback scan of /proc/PID/cgroup instead of reading smaps_rollup)
        fs.set(paths.get(i), usage(i, second));
      }
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
  }

  /**
   * The root's cgroup.stat as the kernel writes it (live counts, then dying ones; one line per v2 controller), with
   * nr_descendants the number of cgroups in the tree: the agent's discovery reads it every second. The tree's shape
   * never changes here, so neither does the file.
   */
  private static void writeRootCgroupStat(Path cg) throws java.io.IOException {
    long dirs;
    try (var walk = java.nio.file.Files.walk(cg)) {
      dirs = walk.filter(java.nio.file.Files::isDirectory).count() - 1;
    }
    StringBuilder s = new StringBuilder("nr_descendants ").append(dirs).append('\n');
    for (String c : new String[] {"cpu", "io", "memory", "pids"}) {
      s.append("nr_subsys_").append(c).append(' ').append(dirs + 1).append('\n');
    }
    s.append("nr_dying_descendants 0\n");
    for (String c : new String[] {"cpu", "io", "memory", "pids"}) {
      s.append("nr_dying_subsys_").append(c).append(" 0\n");
    }
    java.nio.file.Files.writeString(cg.resolve("cgroup.stat"), s);
  }

  /** Container {@code i}'s figures after {@code s} seconds: every counter advances, gauges wander. */
  private static Usage usage(int i, long s) {
    long millicores = 5 + (i * 37L) % 400;
    long cpuUs = 1_000_000L * i + s * millicores * 1000;
    long mem = ((32L + i % 64) << 20) + ((s * 4096 * (i % 7 + 1)) % (16 << 20));
    return Usage.of(cpuUs, mem)
        .withIo(4096L * (i + s * (i % 5)), 8192L * (i + s * (i % 3)), i + s * (i % 5), 2L * i + s * (i % 3))
        .withThrottling(s * 10, s * (i % 4 == 0 ? 1 : 0), s * (i % 4 == 0 ? 1500 : 0))
        .withPids(2);
  }
}
