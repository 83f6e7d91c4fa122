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
import java.nio.file.Path;

/**
 * The agent's own cost as a sample of a container named {@code fgm-agent}: CPU (total from the JVM's process CPU
 * time in ns, user/system from /proc/self/stat), RSS from /proc/self/status and, on PSS passes, PSS from
 * /proc/self/smaps_rollup. Always the real /proc/self, whatever --proc-root says: it is this process.
 */
public final class SelfMonitor implements AutoCloseable {
  /** The container id the agent's own metrics are published under. */
  public static final String CONTAINER_ID = "fgm-agent";

  private static final Path SELF = Path.of("/proc/self");
  private final ContainerRef ref = ContainerRef.of(CONTAINER_ID, null, QosClass.NONE, "/" + CONTAINER_ID);
  private final String node;
  private final long userHz;
  private final ReadBuffer buf = new ReadBuffer(8 << 10);
  // held open and re-read at offset 0 like cgroup files: two syscalls fewer per second each
  private final FdBudget budget = new FdBudget(3);
  private final HeldFile stat = new HeldFile(SELF.resolve("stat"), budget);
  private final HeldFile status = new HeldFile(SELF.resolve("status"), budget);
  private final HeldFile smapsRollup = new HeldFile(SELF.resolve("smaps_rollup"), budget);
  private final MetricValues values = new MetricValues();
  private final com.sun.management.OperatingSystemMXBean os;

  public SelfMonitor(String node, long userHz) {
    this.node = node;
    this.userHz = userHz;
    this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
        ? o : null;
  }

  public synchronized ContainerSample sample(long timestampMs, boolean withPss) {
    values.clear();
    int n = stat.read(buf);
    if (n != ReadBuffer.MISSING) {
      ProcParsers.addProcStatCpu(buf.bytes(), n, userHz, false, values);
    }
    if (os != null && os.getProcessCpuTime() >= 0) {
      values.set(Metric.CPU_USAGE_US, os.getProcessCpuTime() / 1000); // ns precision beats 10 ms ticks
    }
    n = status.read(buf);
    if (n != ReadBuffer.MISSING) {
      ProcParsers.addStatusRss(buf.bytes(), n, values);
    }
    if (withPss) {
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
    status.close();
    smapsRollup.close();
  }
}
