package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.Metric;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a cgroup v1 container from the per-controller hierarchies where its path exists.
 *
 * <p>CPU fallback: when the container has no directory in the cpuacct hierarchy (as on this project's dev machine,
 * whose sandbox cgroups exist in the memory hierarchy only), its CPU time is the sum over the processes listed
 * in its {@code cgroup.procs} of /proc/PID/stat utime+stime plus cutime+cstime (time of reaped children), under
 * the configured proc root. That sum only covers live processes and their reaped children: it can drop when a
 * process exits, which Flink's rate maths treats as a counter reset. Throttling and the CPU limit are then
 * absent.
 *
 * <p>Two per-second files are read only on the slow period (with the limits) while the container has no limit of
 * its own, because the kernel cannot change them then: {@code cpu.stat} (nr_periods, nr_throttled,
 * throttled_time count the periods and throttling of the cgroup's own CFS quota; with {@code cfs_quota_us} = -1
 * its bandwidth timer does not run) and {@code memory.failcnt} (raised only when a charge exceeds this cgroup's
 * own {@code limit_in_bytes}; an ancestor's limit counts on the ancestor). Between slow reads the samples repeat
 * their last read values, so every sample still carries them. A limit set in between shows at the next slow read
 * (every {@code --limits-period-ms}, 10 s by default), and with it the counters, which are cumulative, catch up.
 * Saves 2 of 11 reads per second for a container without limits.
 */
public final class V1ContainerReader extends ContainerReader {
  private final Parser cpuacctStat; // bound once: a method reference per pass would allocate
  private final Path procRoot;
  private final long userHz;
  private final HeldFile cpuacctUsage;
  private final HeldFile cpuacctStatFile;
  private final HeldFile cpuStat;
  private final HeldFile cfsQuota;
  private final HeldFile cfsPeriod;
  private final HeldFile memUsage;
  private final HeldFile memMaxUsage;
  private final HeldFile memLimit;
  private final HeldFile memStat;
  private final HeldFile memFailcnt;
  private final HeldFile memOomControl;
  private final HeldFile memKmem;
  private final HeldFile pidsCurrent;
  private final HeldFile blkioBytes;
  private final HeldFile blkioOps;
  private final boolean cpuFromProcs;
  private final PidList pids = new PidList();
  // from the last slow read; true (read every second) until a read shows the limit absent
  private boolean cpuQuotaSet = true;
  private boolean memLimitSet = true;
  private boolean cpuStatReadThisPass;
  private boolean failcntReadThisPass;
  // the values last read while unlimited (NaN: not read), repeated between slow reads
  private double nrPeriods = Double.NaN;
  private double nrThrottled = Double.NaN;
  private double throttledUs = Double.NaN;
  private double failcnt = Double.NaN;

  public V1ContainerReader(
      ContainerRef ref, String relPath, CgroupLayout layout, Path procRoot, long userHz, FdBudget budget) {
    super(ref, budget);
    this.cpuacctStat = new CpuacctParser(userHz)::parseStat;
    this.procRoot = procRoot;
    this.userHz = userHz;
    Path acct = dir(layout.cpuacct(), relPath);
    Path cpu = dir(layout.cpu(), relPath);
    Path mem = dir(layout.memory(), relPath);
    Path pidsDir = dir(layout.pids(), relPath);
    Path blkio = dir(layout.blkio(), relPath);
    cpuacctUsage = hold(acct, "cpuacct.usage");
    cpuacctStatFile = hold(acct, "cpuacct.stat");
    cpuStat = hold(cpu, "cpu.stat");
    cfsQuota = hold(cpu, "cpu.cfs_quota_us");
    cfsPeriod = hold(cpu, "cpu.cfs_period_us");
    memUsage = hold(mem, "memory.usage_in_bytes");
    memMaxUsage = hold(mem, "memory.max_usage_in_bytes");
    memLimit = hold(mem, "memory.limit_in_bytes");
    memStat = hold(mem, "memory.stat");
    memFailcnt = hold(mem, "memory.failcnt");
    memOomControl = hold(mem, "memory.oom_control");
    memKmem = hold(mem, "memory.kmem.usage_in_bytes");
    pidsCurrent = hold(pidsDir, "pids.current");
    blkioBytes = hold(blkio, "blkio.throttle.io_service_bytes");
    blkioOps = hold(blkio, "blkio.throttle.io_serviced");
    Path anyDir = firstNonNull(mem, pidsDir, cpu, blkio, acct);
    procsFile(anyDir);
    cpuFromProcs = acct == null;
  }

  @Override
  protected void collectSlow(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    readValue(memMaxUsage, buf, Metric.MEMORY_PEAK_BYTES, false, out, problems);
    cpuQuotaSet = !readCpuLimit(buf, out, problems);
    memLimitSet = !readValue(memLimit, buf, Metric.MEMORY_LIMIT_BYTES, true, out, problems);
    // a pass that repeated the last values reads the files now, whatever the limits are from here on
    if (!cpuStatReadThisPass) {
      read(cpuStat, buf, CpuStatParser::parseV1, out, problems);
    }
    if (!failcntReadThisPass) {
      readValue(memFailcnt, buf, Metric.MEMORY_FAILCNT, false, out, problems);
    }
    nrPeriods = out.get(Metric.CPU_NR_PERIODS);
    nrThrottled = out.get(Metric.CPU_NR_THROTTLED);
    throttledUs = out.get(Metric.CPU_THROTTLED_US);
    failcnt = out.get(Metric.MEMORY_FAILCNT);
  }

  @Override
  protected void collectMeasurements(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    if (!cpuFromProcs) {
      read(cpuacctUsage, buf, CpuacctParser::parseUsage, out, problems);
      read(cpuacctStatFile, buf, cpuacctStat, out, problems);
    } else {
      sumProcessCpu(buf, out, problems);
    }
    cpuStatReadThisPass = cpuQuotaSet;
    if (cpuQuotaSet) {
      read(cpuStat, buf, CpuStatParser::parseV1, out, problems);
    } else {
      repeat(out, Metric.CPU_NR_PERIODS, nrPeriods);
      repeat(out, Metric.CPU_NR_THROTTLED, nrThrottled);
      repeat(out, Metric.CPU_THROTTLED_US, throttledUs);
    }
    readValue(memUsage, buf, Metric.MEMORY_CURRENT_BYTES, false, out, problems);
    read(memStat, buf, MemoryStatParser::parseV1, out, problems);
    failcntReadThisPass = memLimitSet;
    if (memLimitSet) {
      readValue(memFailcnt, buf, Metric.MEMORY_FAILCNT, false, out, problems);
    } else {
      repeat(out, Metric.MEMORY_FAILCNT, failcnt);
    }
    read(memOomControl, buf, MemoryEventsParser::parseV1OomControl, out, problems);
    readValue(memKmem, buf, Metric.MEMORY_KERNEL_BYTES, false, out, problems);
    readValue(pidsCurrent, buf, Metric.PIDS_CURRENT, false, out, problems);
    read(blkioBytes, buf, V1ContainerReader::blkioBytes, out, problems);
    read(blkioOps, buf, V1ContainerReader::blkioOps, out, problems);
    deriveWorkingSet(out);
  }

  private static void repeat(MetricValues out, Metric m, double v) {
    if (!Double.isNaN(v)) {
      out.set(m, v);
    }
  }

  /** Reads the CFS quota into the CPU limit; true only when the quota was read and is -1 (no limit). */
  private boolean readCpuLimit(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    if (cfsQuota == null) {
      return false;
    }
    int n = cfsQuota.read(buf);
    if (n == ReadBuffer.MISSING) {
      return false;
    }
    long quota = SingleValueParser.parse(buf.bytes(), n);
    if (quota == KernelText.MALFORMED) {
      problems.report(ref(), cfsQuota.path(), 1);
      return false;
    }
    if (quota < 0) {
      return true; // -1: no limit, no need to read the period
    }
    int m = cfsPeriod.read(buf);
    long period = m == ReadBuffer.MISSING ? KernelText.MALFORMED : SingleValueParser.parse(buf.bytes(), m);
    if (period == KernelText.MALFORMED || period <= 0 || quota == 0) {
      problems.report(ref(), cfsPeriod.path(), 1);
      return false;
    }
    out.set(Metric.CPU_LIMIT_MILLICORES, quota * 1000.0 / period);
    return false;
  }

  private void sumProcessCpu(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    if (!readPids(buf, pids)) {
      return;
    }
    out.set(Metric.CPU_USAGE_US, 0);
    out.set(Metric.CPU_USER_US, 0);
    out.set(Metric.CPU_SYSTEM_US, 0);
    for (int i = 0; i < pids.size(); i++) {
      int m = buf.readOnce(procRoot.resolve(Integer.toString(pids.get(i))).resolve("stat"));
      if (m != ReadBuffer.MISSING) {
        // a process that exited between the two reads is simply not counted
        ProcParsers.addProcStatCpu(buf.bytes(), m, userHz, true, out);
      }
    }
  }

  private static int blkioBytes(byte[] b, int len, MetricValues out) {
    return BlkioParser.parse(b, len, out, Metric.IO_READ_BYTES, Metric.IO_WRITE_BYTES);
  }

  private static int blkioOps(byte[] b, int len, MetricValues out) {
    return BlkioParser.parse(b, len, out, Metric.IO_READ_OPS, Metric.IO_WRITE_OPS);
  }

  private static Path dir(Path hierarchy, String relPath) {
    if (hierarchy == null) {
      return null;
    }
    Path d = relPath.isEmpty() ? hierarchy : hierarchy.resolve(relPath);
    return Files.isDirectory(d) ? d : null;
  }

  private static Path firstNonNull(Path... ps) {
    for (Path p : ps) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }
}
