package io.fgm.agent.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a host's cgroup controllers live under a cgroup root: one unified hierarchy (v2, the root holds
 * {@code cgroup.controllers}) or one directory per v1 controller (v1 and hybrid hosts; a hybrid host also has an
 * {@code unified} directory, which holds no controllers the agent reads). Controllers may be co-mounted
 * ({@code cpu,cpuacct} with {@code cpu} and {@code cpuacct} symlinks, as systemd does) or separate.
 *
 * <p>A v1 controller that is not mounted is null; its metrics are then not collected.
 */
public record CgroupLayout(Mode mode, Path root, Path cpu, Path cpuacct, Path memory, Path pids, Path blkio) {

  /** cgroup v2 (unified) or v1 (legacy or hybrid). */
  public enum Mode {
    V2,
    V1
  }

  /** Detects the layout under {@code root} (normally /sys/fs/cgroup). */
  public static CgroupLayout detect(Path root) {
    if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
      return v2(root);
    }
    return new CgroupLayout(
        Mode.V1,
        root,
        find(root, "cpu.cfs_quota_us", "cpu", "cpu,cpuacct", "cpuacct,cpu"),
        find(root, "cpuacct.usage", "cpuacct", "cpu,cpuacct", "cpuacct,cpu"),
        find(root, "memory.usage_in_bytes", "memory"),
        find(root, "cgroup.procs", "pids"),
        find(root, "blkio.throttle.io_serviced", "blkio"));
  }

  public static CgroupLayout v2(Path root) {
    return new CgroupLayout(Mode.V2, root, root, root, root, root, root);
  }

  /**
   * The hierarchies discovery walks: the root on v2; on v1 memory and cpuacct (a cgroup may exist in one and not
   * the other: on this project's dev machine the sandbox's cgroups are in memory only), without duplicates.
   */
  public List<Path> discoveryRoots() {
    List<Path> out = new ArrayList<>();
    if (mode == Mode.V2) {
      out.add(root);
      return out;
    }
    for (Path p : new Path[] {memory, cpuacct, cpu, pids}) {
      if (p != null && !containsSameDir(out, p)) {
        out.add(p);
      }
      if (out.size() == 2) {
        break;
      }
    }
    return out;
  }

  private static boolean containsSameDir(List<Path> dirs, Path p) {
    for (Path d : dirs) {
      try {
        if (Files.isSameFile(d, p)) {
          return true;
        }
      } catch (java.io.IOException e) {
        // a vanished mount is not the same directory
      }
    }
    return false;
  }

  /** The first candidate directory holding {@code marker} (a file present at every level of the hierarchy). */
  private static Path find(Path root, String marker, String... names) {
    for (String n : names) {
      Path d = root.resolve(n);
      if (Files.isRegularFile(d.resolve(marker))) {
        return d;
      }
    }
    return null;
  }
}
