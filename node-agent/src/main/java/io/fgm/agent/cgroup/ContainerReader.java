package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one container's metrics each pass from the files it holds open. Subclasses know the file set of one
 * cgroup version; this base class does the read-parse-report plumbing. A file that is missing leaves its metrics
 * absent; a file that parses with problems reports them to the {@link ParseProblems} sink and keeps whatever it
 * could read. Not thread-safe: one sampling thread.
 */
public abstract class ContainerReader implements AutoCloseable {
  /** Receives parse problems (the shell counts them and logs, rate-limited). */
  public interface ParseProblems {
    void report(ContainerRef container, Path file, int problems);
  }

  /** A pure parser of one file format. */
  @FunctionalInterface
  protected interface Parser {
    int parse(byte[] b, int len, MetricValues out);
  }

  private ContainerRef ref;
  private final FdBudget budget;
  private final List<HeldFile> files = new ArrayList<>();
  private HeldFile procs;
  private int sandboxChecks;
  private boolean slowRead;
  private double cpuLimit = Double.NaN;
  private double memoryLimit = Double.NaN;
  private double memoryPeak = Double.NaN;

  protected ContainerReader(ContainerRef ref, FdBudget budget) {
    this.ref = ref;
    this.budget = budget;
  }

  public ContainerRef ref() {
    return ref;
  }

  /** Sets the file listing the container's processes ({@code cgroup.procs} in one of its directories). */
  protected final void procsFile(Path dir) {
    procs = hold(dir, "cgroup.procs");
  }

  /** Reads the container's process ids into {@code pids}; false when its cgroup.procs is unreadable. */
  public final boolean readPids(ReadBuffer buf, PidList pids) {
    if (procs == null) {
      return false;
    }
    int n = procs.read(buf);
    if (n == ReadBuffer.MISSING) {
      return false;
    }
    pids.parse(buf.bytes(), n);
    return true;
  }

  /**
   * Sets PSS, PSS anon/file/shmem to their sums over {@code pids} from /proc/PID/smaps_rollup under
   * {@code procRoot}; returns how many of the processes were found there. Reading smaps takes each process's mm
   * lock, which is why the caller does this on its own, slower period.
   */
  public static int sumPss(ReadBuffer buf, PidList pids, Path procRoot, MetricValues out) {
    out.set(Metric.MEMORY_PSS_BYTES, 0);
    out.set(Metric.MEMORY_PSS_ANON_BYTES, 0);
    out.set(Metric.MEMORY_PSS_FILE_BYTES, 0);
    out.set(Metric.MEMORY_PSS_SHMEM_BYTES, 0);
    int found = 0;
    for (int i = 0; i < pids.size(); i++) {
      int n = buf.readOnce(procRoot.resolve(Integer.toString(pids.get(i))).resolve("smaps_rollup"));
      if (n != ReadBuffer.MISSING) {
        found++;
        ProcParsers.addSmapsRollup(buf.bytes(), n, out); // kernel threads have an empty file: nothing added
      }
    }
    return found;
  }

  /**
   * Marks a pod's sandbox (pause) container: its cgroup holds exactly one process whose comm is "pause".
   * Checked on the first passes only (until the cgroup has processes, at most 5 times).
   */
  public final void checkSandbox(ReadBuffer buf, PidList pids, Path procRoot) {
    if (ref.podUid() == null || sandboxChecks >= 5) {
      return;
    }
    sandboxChecks++;
    if (!readPids(buf, pids) || pids.size() == 0) {
      return;
    }
    sandboxChecks = 5;
    if (pids.size() == 1) {
      int n = buf.readOnce(procRoot.resolve(Integer.toString(pids.get(0))).resolve("comm"));
      if (n > 0 && new String(buf.bytes(), 0, n, java.nio.charset.StandardCharsets.US_ASCII).trim()
          .equals("pause")) {
        ref = ref.withSandbox(true);
      }
    }
  }

  /**
   * Reads every file of this container into {@code out} (which the caller cleared). Some files change rarely or
   * only upwards, and are read from the kernel only when {@code rereadSlow} (every {@code --limits-period-ms}, 10 s by
   * default, in the agent) and on the reader's first pass: the limits ({@code cpu.max}, {@code memory.max}; settings, not measurements) are repeated from the
   * last read in between, and the peak ({@code memory.peak}, a high-water mark) is published in between as the
   * larger of its last read and the memory usage read now: a lower bound of the kernel's peak that is exact
   * whenever the peak was reached at a sampling instant, and catches up with a spike between two samples at the
   * next slow read. That saves three of twelve reads per container per second on v2 (four of sixteen on v1, and
   * two more there for a container without limits: {@link V1ContainerReader}).
   *
   * <p>The pressure files (PSI, v2) are read only when {@code withPressure}: the kernel recomputes their
   * averages only every 2 s, so the agent reads them on a period of its own (every 2 s by default) and leaves
   * them out of the samples in between (not collected, never repeated).
   */
  public final void collect(
      ReadBuffer buf, MetricValues out, ParseProblems problems, boolean rereadSlow, boolean withPressure) {
    collectMeasurements(buf, out, problems);
    if (withPressure) {
      collectPressure(buf, out, problems);
    }
    if (rereadSlow || !slowRead) {
      collectSlow(buf, out, problems);
      cpuLimit = out.get(Metric.CPU_LIMIT_MILLICORES);
      memoryLimit = out.get(Metric.MEMORY_LIMIT_BYTES);
      memoryPeak = out.get(Metric.MEMORY_PEAK_BYTES);
      slowRead = true;
      return;
    }
    if (!Double.isNaN(cpuLimit)) {
      out.set(Metric.CPU_LIMIT_MILLICORES, cpuLimit);
    }
    if (!Double.isNaN(memoryLimit)) {
      out.set(Metric.MEMORY_LIMIT_BYTES, memoryLimit);
    }
    if (!Double.isNaN(memoryPeak)) {
      double current = out.get(Metric.MEMORY_CURRENT_BYTES);
      if (current > memoryPeak) {
        memoryPeak = current; // NaN compares false: an unread usage leaves the peak as last read
      }
      out.set(Metric.MEMORY_PEAK_BYTES, memoryPeak);
    }
  }

  /** Reads the files that change every second into {@code out}. */
  protected abstract void collectMeasurements(ReadBuffer buf, MetricValues out, ParseProblems problems);

  /** Reads the pressure (PSI) files into {@code out}; nothing where the cgroup version has none per cgroup (v1). */
  protected void collectPressure(ReadBuffer buf, MetricValues out, ParseProblems problems) {}

  /**
   * Reads the rarely changing files into {@code out}: {@link Metric#CPU_LIMIT_MILLICORES} and
   * {@link Metric#MEMORY_LIMIT_BYTES} (absent when unlimited) and {@link Metric#MEMORY_PEAK_BYTES}.
   */
  protected abstract void collectSlow(ReadBuffer buf, MetricValues out, ParseProblems problems);

  /** A held file {@code name} in {@code dir}, or null when {@code dir} is null (controller not mounted). */
  protected final HeldFile hold(Path dir, String name) {
    if (dir == null) {
      return null;
    }
    HeldFile f = new HeldFile(dir.resolve(name), budget);
    files.add(f);
    return f;
  }

  /** Reads {@code f} and parses it with {@code p}; returns false when the file is absent. */
  protected final boolean read(HeldFile f, ReadBuffer buf, Parser p, MetricValues out, ParseProblems problems) {
    if (f == null) {
      return false;
    }
    int n = f.read(buf);
    if (n == ReadBuffer.MISSING) {
      return false;
    }
    int bad = p.parse(buf.bytes(), n, out);
    if (bad > 0) {
      problems.report(ref, f.path(), bad);
    }
    return true;
  }

  /**
   * Reads a single-value file into {@code m}; "max" (or v1's huge "no limit") leaves it absent. Returns true only
   * when the file was read and says "no limit" (false when absent, unreadable, malformed or a number).
   */
  protected final boolean readValue(
      HeldFile f, ReadBuffer buf, Metric m, boolean v1Limit, MetricValues out, ParseProblems problems) {
    if (f == null) {
      return false;
    }
    int n = f.read(buf);
    if (n == ReadBuffer.MISSING) {
      return false;
    }
    long v = v1Limit ? SingleValueParser.parseV1Limit(buf.bytes(), n) : SingleValueParser.parse(buf.bytes(), n);
    if (v == KernelText.MALFORMED || v < 0) {
      problems.report(ref, f.path(), 1);
      return false;
    }
    if (v == SingleValueParser.UNLIMITED) {
      return true;
    }
    out.set(m, v);
    return false;
  }

  /** The kubelet's working set: usage minus inactive file pages, floored at 0; absent unless both are read. */
  protected static void deriveWorkingSet(MetricValues out) {
    if (out.has(Metric.MEMORY_CURRENT_BYTES) && out.has(Metric.MEMORY_INACTIVE_FILE_BYTES)) {
      double ws = out.get(Metric.MEMORY_CURRENT_BYTES) - out.get(Metric.MEMORY_INACTIVE_FILE_BYTES);
      out.set(Metric.MEMORY_WORKING_SET_BYTES, Math.max(0, ws));
    }
  }

  /**
   * True when one of its files was readable before and is not now: the cgroup was probably removed (or a
   * controller was disabled below its parent). The sampler drops the reader and rediscovers at once.
   */
  public boolean gone() {
    for (HeldFile f : files) {
      if (f.vanished()) {
        return true;
      }
    }
    return false;
  }

  /** Descriptors this reader holds now. */
  public int heldFiles() {
    int n = 0;
    for (HeldFile f : files) {
      if (f.isOpen()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    for (HeldFile f : files) {
      f.close();
    }
  }
}
