package io.fgm.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cgroup v2 kubepods tree (systemd driver, containerd) whose CPU counters advance in real time at a fixed rate
 * per container, the way the kernel's do: files are rewritten in place, never replaced, so an agent holding the
 * file open sees the new value. Memory is a constant per container.
 */
final class CgroupFixture implements AutoCloseable {
  /** One fake container: CPU burns at {@code millicores}; memory.current is {@code memoryBytes}. */
  record Container(String id, String podUid, long millicores, long memoryBytes) {
    Path dir(Path root) {
      String pod = "kubepods-burstable-pod" + podUid.replace('-', '_') + ".slice";
      return root.resolve("kubepods.slice/kubepods-burstable.slice").resolve(pod)
          .resolve("cri-containerd-" + id + ".scope");
    }
  }

  private final Path root;
  private final List<Container> containers;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cgroup-fixture");
    t.setDaemon(true);
    return t;
  });

  CgroupFixture(Path root, List<Container> containers) throws IOException {
    this.root = root;
    this.containers = new ArrayList<>(containers);
    write(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    write(root.resolve("cgroup.subtree_control"), "cpuset cpu io memory pids\n");
    for (Container c : containers) {
      Path d = c.dir(root);
      Files.createDirectories(d);
      write(d.resolve("cgroup.procs"), "");
      write(d.resolve("memory.current"), c.memoryBytes() + "\n");
      write(d.resolve("memory.max"), "max\n");
      write(d.resolve("memory.peak"), c.memoryBytes() + "\n");
      write(d.resolve("cpu.max"), "max 100000\n");
      writeCpuStat(c, 0);
      // the pod-level cgroup has files too, but it is not a container
      write(d.getParent().resolve("cgroup.procs"), "");
      write(d.getParent().resolve("memory.current"), c.memoryBytes() + "\n");
    }
    ticker.scheduleAtFixedRate(this::tick, 5, 5, TimeUnit.MILLISECONDS);
  }

  Path root() {
    return root;
  }

  private void tick() {
    long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
    for (Container c : containers) {
      writeCpuStat(c, elapsedMs);
    }
  }

  private void writeCpuStat(Container c, long elapsedMs) {
    long usage = c.millicores() * elapsedMs; // 1 ms at N millicores = N µs of CPU
    long user = usage * 3 / 4;
    String stat =
        "usage_usec " + usage + "\nuser_usec " + user + "\nsystem_usec " + (usage - user)
            + "\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n";
    write(c.dir(root).resolve("cpu.stat"), stat);
  }

  private static void write(Path p, String s) {
    try {
      // In place, like the kernel: an open descriptor keeps seeing the file. No truncation, so a reader never
      // sees an empty file; the counters only grow, so the new text always covers the old one.
      Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
