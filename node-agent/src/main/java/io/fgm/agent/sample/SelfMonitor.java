package io.fgm.agent.sample;

import io.fgm.agent.cgroup.FdBudget;
import io.fgm.agent.cgroup.HeldFile;
import io.fgm.agent.cgroup.MetricValues;
import io.fgm.agent.cgroup.ProcParsers;
import io.fgm.agent.cgroup.ReadBuffer;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The agent's own cost as a sample of a container named {@code fgm-agent}: CPU (total from the JVM's process CPU
 * time in ns, user/system from /proc/self/stat), RSS from /proc/self/statm (the same counter as status's VmRSS,
 * one short line instead of ~55 formatted ones; status when the page size is unknown) and, on every
 * {@value #PSS_EVERY}th PSS pass, PSS from /proc/self/smaps_rollup: reading it walks the page tables of the whole
 * JVM (the agent's costliest file, ~4 % of the sampler's time when read every 10 s), and the agent's PSS moves
 * slowly. Always the real /proc/self, whatever --proc-root says: it is this process.
 */
public final class SelfMonitor implements AutoCloseable {
  /** The container id the agent's own metrics are published under. */
  public static final String CONTAINER_ID = "fgm-agent";

  private static final Path SELF = Path.of("/proc/self");
  /** Self PSS on one PSS pass in this many (the first included): every 60 s with the default 10-s PSS period. */
  static final int PSS_EVERY = 6;
  private final ContainerRef ref = ContainerRef.of(CONTAINER_ID, null, QosClass.NONE, "/" + CONTAINER_ID);
  private final String node;
  private final long userHz;
  private final ReadBuffer buf = new ReadBuffer(8 << 10);
  // held open and re-read at offset 0 like cgroup files: two syscalls fewer per second each
  private final FdBudget budget = new FdBudget(3);
  private final HeldFile stat = new HeldFile(SELF.resolve("stat"), budget);
  private final HeldFile statm = new HeldFile(SELF.resolve("statm"), budget);
  private final long pageSize;
  private int pssPasses;
  private final HeldFile smapsRollup = new HeldFile(SELF.resolve("smaps_rollup"), budget);
  private final MetricValues values = new MetricValues();
  private final com.sun.management.OperatingSystemMXBean os;

  public SelfMonitor(String node, long userHz) {
    this.node = node;
    this.userHz = userHz;
    int n = buf.readOnce(SELF.resolve("auxv"));
    this.pageSize = n <= 0 ? -1 : ProcParsers.pageSizeFromAuxv(buf.bytes(), n, ByteOrder.nativeOrder());
    this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
        ? o : null;
  }

  /** The agent's sample at {@code timestampMs}; {@code withPss} on PSS ticks (PSS itself on one in {@value #PSS_EVERY}). */
  public synchronized ContainerSample sample(long timestampMs, boolean withPss) {
    values.clear();
    int n = stat.read(buf);
    if (n != ReadBuffer.MISSING) {
      ProcParsers.addProcStatCpu(buf.bytes(), n, userHz, false, values);
    }
    long cpuNs = os == null ? -1 : os.getProcessCpuTime(); // one clock_gettime syscall: read it once
    if (cpuNs >= 0) {
      values.set(Metric.CPU_USAGE_US, cpuNs / 1000); // ns precision beats 10 ms ticks
    }
    if (pageSize > 0) {
      n = statm.read(buf);
      if (n != ReadBuffer.MISSING) {
        ProcParsers.addStatmRss(buf.bytes(), n, pageSize, values);
      }
    } else {
      n = buf.readOnce(SELF.resolve("status"));
      if (n != ReadBuffer.MISSING) {
        ProcParsers.addStatusRss(buf.bytes(), n, values);
      }
    }
    if (withPss && pssPasses++ % PSS_EVERY == 0) {
      n = smapsRollup.read(buf);
      if (n != ReadBuffer.MISSING) {
        ProcParsers.addSmapsRollup(buf.bytes(), n, values);
      }
    }
    return new ContainerSample(timestampMs, node, ref, values.toMap());
  }

  @Override
  public synchronized void close() {
    stat.close();
    statm.close();
    smapsRollup.close();
  }
}
