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

  private final ContainerRef ref;
  private final FdBudget budget;
  private final List<HeldFile> files = new ArrayList<>();

  protected ContainerReader(ContainerRef ref, FdBudget budget) {
    this.ref = ref;
    this.budget = budget;
  }

  public ContainerRef ref() {
    return ref;
  }

  /** Reads every file of this container into {@code out} (which the caller cleared). */
  public abstract void collect(ReadBuffer buf, MetricValues out, ParseProblems problems);

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

  /** Reads a single-value file into {@code m}; "max" (or v1's huge "no limit") leaves it absent. */
  protected final void readValue(
      HeldFile f, ReadBuffer buf, Metric m, boolean v1Limit, MetricValues out, ParseProblems problems) {
    if (f == null) {
      return;
    }
    int n = f.read(buf);
    if (n == ReadBuffer.MISSING) {
      return;
    }
    long v = v1Limit ? SingleValueParser.parseV1Limit(buf.bytes(), n) : SingleValueParser.parse(buf.bytes(), n);
    if (v == KernelText.MALFORMED || v < 0) {
      problems.report(ref, f.path(), 1);
    } else if (v != SingleValueParser.UNLIMITED) {
      out.set(m, v);
    }
  }

  /** The kubelet's working set: usage minus inactive file pages, floored at 0; absent unless both are read. */
  protected static void deriveWorkingSet(MetricValues out) {
    if (out.has(Metric.MEMORY_CURRENT_BYTES) && out.has(Metric.MEMORY_INACTIVE_FILE_BYTES)) {
      double ws = out.get(Metric.MEMORY_CURRENT_BYTES) - out.get(Metric.MEMORY_INACTIVE_FILE_BYTES);
      out.set(Metric.MEMORY_WORKING_SET_BYTES, Math.max(0, ws));
    }
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
