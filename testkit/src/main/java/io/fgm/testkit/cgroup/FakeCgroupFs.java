package io.fgm.testkit.cgroup;

import io.fgm.schema.QosClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes fixture cgroup trees in the kernel's own file formats ({@link KernelFormats}), for cgroup v2 and v1
 * (hybrid with co-mounted {@code cpu,cpuacct}, or separate {@code cpu} and {@code cpuacct} hierarchies as on this
 * project's dev machine), with Kubernetes pods laid out by {@link KubeLayout}.
 *
 * <pre>{@code
 * FakeCgroupFs fs = FakeCgroupFs.v2(tempDir);
 * String c = fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.BURSTABLE,
 *     "0a1b2c3d-...", "4f5e...64 hex...", Usage.of(1_000_000, 64 << 20).burning(250));
 * fs.startTicking(Duration.ofMillis(10));   // CPU counters now advance at 250 millicores in real time
 * }</pre>
 *
 * Files are rewritten in place (write at offset 0, then truncate), never replaced, so a reader holding a file
 * open sees new values as it would on the kernel's cgroupfs. Thread-safe.
 */
public final class FakeCgroupFs implements AutoCloseable {
  /** USER_HZ of the v1 cpuacct.stat files written here. */
  public static final long USER_HZ = 100;

  /** The kind of host to imitate. */
  public enum Version {
    V2,
    /** v1 controllers, {@code cpu,cpuacct} co-mounted with symlinks, plus an empty {@code unified} (systemd). */
    V1_HYBRID,
    /** v1 with {@code cpu} and {@code cpuacct} mounted separately, plus {@code unified} (this dev machine). */
    V1_SEPARATE
  }

  /** @param procs what {@code cgroup.procs} lists ({@link #procs}); every rewrite of the cgroup's files keeps it */
  private record State(Usage base, long sinceNanos, List<String> hierarchies, String procs) {}

  private final Path root;
  private final Version version;
  private final Map<String, State> cgroups = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;

  private FakeCgroupFs(Path root, Version version) {
    this.root = root;
    this.version = version;
    try {
      Files.createDirectories(root);
      if (version == Version.V2) {
        writeV2Root();
      } else {
        writeV1Roots();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FakeCgroupFs create(Path root, Version version) {
    return new FakeCgroupFs(root, version);
  }

  public static FakeCgroupFs v2(Path root) {
    return new FakeCgroupFs(root, Version.V2);
  }

  public static FakeCgroupFs v1(Path root) {
    return new FakeCgroupFs(root, Version.V1_HYBRID);
  }

  public Path root() {
    return root;
  }

  public Version version() {
    return version;
  }

  /** A pod's container (and its pod-level cgroup, which is not a container); returns the container's path. */
  public String kubeContainer(
      KubeLayout layout, KubeLayout.Runtime runtime, QosClass qos, String podUid, String containerId, Usage u) {
    String pod = layout.podPath(qos, podUid);
    if (!cgroups.containsKey(pod)) {
      cgroup(pod, Usage.ZERO);
    }
    return cgroup(layout.containerPath(qos, podUid, runtime, containerId), u);
  }

  /**
   * A cgroup at {@code relPath} (no leading '/') with files for {@code u}, in every v1 hierarchy unless some are
   * named ({@code "memory"}, {@code "cpu"}, {@code "cpuacct"}, {@code "pids"}, {@code "blkio"}). Missing
   * ancestors are created with zero usage. Returns {@code relPath}.
   */
  public String cgroup(String relPath, Usage u, String... v1Hierarchies) {
    List<String> hs = version == Version.V2 ? List.of("") : List.of(
        v1Hierarchies.length == 0 ? new String[] {"cpu", "cpuacct", "memory", "pids", "blkio"} : v1Hierarchies);
    int slash = relPath.lastIndexOf('/');
    if (slash > 0 && !cgroups.containsKey(relPath.substring(0, slash))) {
      cgroup(relPath.substring(0, slash), Usage.ZERO, v1Hierarchies);
    }
    State s = new State(u, System.nanoTime(), hs, "");
    cgroups.put(relPath, s);
    write(relPath, s, u);
    return relPath;
  }

  /**
   * Replaces what {@code relPath} reports (and restarts its CPU burn from the new counters). Its processes, as
   * last given to {@link #procs}, stay listed: a kernel's counters move without its cgroup.procs emptying.
   */
  public void set(String relPath, Usage u) {
    State old = state(relPath);
    State s = new State(u, System.nanoTime(), old.hierarchies(), old.procs());
    cgroups.put(relPath, s);
    write(relPath, s, u);
  }

  /** What {@code relPath} reports now, CPU burn included. */
  public Usage usage(String relPath) {
    State s = state(relPath);
    return current(s);
  }

  /** Writes {@code cgroup.procs} (and v1 {@code tasks}) of {@code relPath} in each of its hierarchies. */
  public void procs(String relPath, int... pids) {
    StringBuilder b = new StringBuilder();
    for (int p : pids) {
      b.append(p).append('\n');
    }
    // remembered, so that set() rewrites the same list (until 2026-11-25 it wrote an empty one)
    State s = cgroups.computeIfPresent(relPath, (k, old) -> new State(old.base(), old.sinceNanos(),
        old.hierarchies(), b.toString()));
    if (s == null) {
      throw new IllegalArgumentException("no fixture cgroup " + relPath);
    }
    for (Path d : dirs(relPath, s.hierarchies())) {
      writeInPlace(d.resolve("cgroup.procs"), b.toString());
      if (version != Version.V2) {
        writeInPlace(d.resolve("tasks"), b.toString());
      }
    }
  }

  /** Overwrites one file of {@code relPath} verbatim (v1: in the hierarchy its name belongs to). */
  public void writeFile(String relPath, String fileName, String content) {
    String h = fileName.substring(0, Math.max(0, fileName.indexOf('.')));
    Path dir = version == Version.V2 ? dirOf("", relPath) : dirOf(h.equals("cgroup") ? "memory" : h, relPath);
    writeInPlace(dir.resolve(fileName), content);
  }

  /** Deletes a file of {@code relPath} (v1: from the hierarchy its name belongs to). */
  public void deleteFile(String relPath, String fileName) {
    String h = fileName.substring(0, Math.max(0, fileName.indexOf('.')));
    Path dir = version == Version.V2 ? dirOf("", relPath) : dirOf(h, relPath);
    try {
      Files.deleteIfExists(dir.resolve(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes {@code relPath} and everything below it from every hierarchy, as rmdir of a dead container. */
  public void remove(String relPath) {
    cgroups.keySet().removeIf(k -> k.equals(relPath) || k.startsWith(relPath + "/"));
    for (String h : hierarchies()) {
      deleteTree(dirOf(h, relPath));
    }
  }

  /** The directory of {@code relPath} in a v1 hierarchy ("memory", "cpu", ...) or, on v2, "". */
  public Path dirOf(String hierarchy, String relPath) {
    Path base = hierarchy.isEmpty() ? root : root.resolve(hierarchy);
    return relPath.isEmpty() ? base : base.resolve(relPath);
  }

  /** Advances every cgroup's CPU counters in real time at its {@link Usage#cpuMillicores()} rate. */
  public synchronized FakeCgroupFs startTicking(Duration every) {
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-cgroupfs-ticker");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, every.toMillis());
      ticker.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void tick() {
    cgroups.forEach((rel, s) -> {
      if (s.base().cpuMillicores() > 0) {
        try {
          writeCpu(rel, s, current(s));
        } catch (UncheckedIOException e) {
          // removed while ticking
        }
      }
    });
  }

  private static Usage current(State s) {
    if (s.base().cpuMillicores() <= 0) {
      return s.base();
    }
    long elapsedUs = (System.nanoTime() - s.sinceNanos()) / 1000;
    return s.base().withCpu(s.base().cpuUsageUs() + elapsedUs * s.base().cpuMillicores() / 1000);
  }

  private State state(String relPath) {
    State s = cgroups.get(relPath);
    if (s == null) {
      throw new IllegalArgumentException("no fixture cgroup " + relPath);
    }
    return s;
  }

  private void write(String rel, State s, Usage u) {
    if (version == Version.V2) {
      V2Files.write(dirOf("", rel), u, s.procs(), FakeCgroupFs::writeInPlace);
      return;
    }
    for (String h : s.hierarchies()) {
      V1Files.write(h, dirOf(h, rel), u, USER_HZ, s.procs(), FakeCgroupFs::writeInPlace);
    }
  }

  private void writeCpu(String rel, State s, Usage u) {
    if (version == Version.V2) {
      writeInPlace(dirOf("", rel).resolve("cpu.stat"), KernelFormats.v2CpuStat(u));
      return;
    }
    if (s.hierarchies().contains("cpuacct")) {
      Path d = dirOf("cpuacct", rel);
      writeInPlace(d.resolve("cpuacct.usage"), u.cpuUsageUs() * 1000 + "\n");
      writeInPlace(d.resolve("cpuacct.stat"), KernelFormats.v1CpuacctStat(u, USER_HZ));
    }
  }

  private List<Path> dirs(String rel, List<String> hierarchies) {
    List<Path> out = new ArrayList<>();
    for (String h : hierarchies) {
      out.add(dirOf(h, rel));
    }
    return out;
  }

  private List<String> hierarchies() {
    return version == Version.V2 ? List.of("") : List.of("cpu", "cpuacct", "memory", "pids", "blkio", "systemd");
  }

  private void writeV2Root() {
    writeInPlace(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    writeInPlace(root.resolve("cgroup.subtree_control"), "cpuset cpu io memory pids\n");
    writeInPlace(root.resolve("cgroup.procs"), "1\n");
    writeInPlace(root.resolve("cpu.stat"), KernelFormats.v2CpuStat(Usage.ZERO));
    writeInPlace(root.resolve("cpu.pressure"), KernelFormats.pressure(0, 0));
    writeInPlace(root.resolve("memory.stat"), KernelFormats.v2MemoryStat(Usage.ZERO));
  }

  private void writeV1Roots() throws IOException {
    if (version == Version.V1_HYBRID) {
      Files.createDirectories(root.resolve("cpu,cpuacct"));
      Files.createSymbolicLink(root.resolve("cpu"), Path.of("cpu,cpuacct"));
      Files.createSymbolicLink(root.resolve("cpuacct"), Path.of("cpu,cpuacct"));
    }
    for (String h : List.of("cpu", "cpuacct", "memory", "pids", "blkio", "systemd", "unified")) {
      Files.createDirectories(root.resolve(h));
    }
    writeInPlace(root.resolve("unified/cgroup.controllers"), "");
    writeInPlace(root.resolve("systemd/cgroup.procs"), "1\n");
    for (String h : List.of("cpu", "cpuacct", "memory", "pids", "blkio")) {
      V1Files.write(h, root.resolve(h), Usage.ZERO, USER_HZ, "", FakeCgroupFs::writeInPlace);
    }
  }

  /** Writes /proc/PID/comm under a fixture proc root (the command name, as sandbox detection reads it). */
  public static void writeComm(Path procRoot, int pid, String comm) {
    writeInPlace(procRoot.resolve(Integer.toString(pid)).resolve("comm"), comm + "\n");
  }

  /** Writes {@code content} over {@code file} in place (creating it and its directory when missing). */
  public static void writeInPlace(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
          ch.write(b, b.position());
        }
        ch.truncate(content.length());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
