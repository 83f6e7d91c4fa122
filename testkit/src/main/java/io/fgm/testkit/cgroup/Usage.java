package io.fgm.testkit.cgroup;

/**
 * What a fixture cgroup reports, in kernel units the agent converts from: CPU in µs, memory and IO in bytes.
 * {@code cpuMillicores} is the rate at which a ticking {@link FakeCgroupFs} advances the CPU counters.
 * A negative limit means "no limit" ({@code max} on v2, -1 quota / the huge page-aligned value on v1).
 */
public record Usage(
    long cpuUsageUs,
    long cpuUserUs,
    long cpuSystemUs,
    long nrPeriods,
    long nrThrottled,
    long throttledUs,
    long cpuQuotaUs,
    long cpuPeriodUs,
    long memoryBytes,
    long memoryPeakBytes,
    long memoryLimitBytes,
    long inactiveFileBytes,
    long pids,
    long ioReadBytes,
    long ioWriteBytes,
    long ioReadOps,
    long ioWriteOps,
    long oomKills,
    long cpuMillicores) {

  /** No usage at all (intermediate slices, fresh cgroups). */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, -1, 100_000, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0);

  /** CPU time (3/4 user) and memory (1/4 of it inactive page cache), nothing else. */
  public static Usage of(long cpuUsageUs, long memoryBytes) {
    return ZERO.withCpu(cpuUsageUs).withMemory(memoryBytes);
  }

  public Usage withCpu(long usageUs) {
    long user = usageUs * 3 / 4;
    return new Usage(usageUs, user, usageUs - user, nrPeriods, nrThrottled, throttledUs, cpuQuotaUs, cpuPeriodUs,
        memoryBytes, memoryPeakBytes, memoryLimitBytes, inactiveFileBytes, pids, ioReadBytes, ioWriteBytes,
        ioReadOps, ioWriteOps, oomKills, cpuMillicores);
  }

  public Usage withMemory(long bytes) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, nrPeriods, nrThrottled, throttledUs, cpuQuotaUs,
        cpuPeriodUs, bytes, Math.max(bytes, memoryPeakBytes), memoryLimitBytes, bytes / 4, pids, ioReadBytes,
        ioWriteBytes, ioReadOps, ioWriteOps, oomKills, cpuMillicores);
  }

  /** CPU limit as CFS quota per period (quota &lt; 0: none) and memory limit (&lt; 0: none). */
  public Usage withLimits(long quotaUs, long periodUs, long memoryLimit) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, nrPeriods, nrThrottled, throttledUs, quotaUs, periodUs,
        memoryBytes, memoryPeakBytes, memoryLimit, inactiveFileBytes, pids, ioReadBytes, ioWriteBytes, ioReadOps,
        ioWriteOps, oomKills, cpuMillicores);
  }

  public Usage withThrottling(long periods, long throttled, long throttledUsec) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, periods, throttled, throttledUsec, cpuQuotaUs,
        cpuPeriodUs, memoryBytes, memoryPeakBytes, memoryLimitBytes, inactiveFileBytes, pids, ioReadBytes,
        ioWriteBytes, ioReadOps, ioWriteOps, oomKills, cpuMillicores);
  }

  public Usage withIo(long readBytes, long writeBytes, long readOps, long writeOps) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, nrPeriods, nrThrottled, throttledUs, cpuQuotaUs,
        cpuPeriodUs, memoryBytes, memoryPeakBytes, memoryLimitBytes, inactiveFileBytes, pids, readBytes,
        writeBytes, readOps, writeOps, oomKills, cpuMillicores);
  }

  public Usage withPids(long n) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, nrPeriods, nrThrottled, throttledUs, cpuQuotaUs,
        cpuPeriodUs, memoryBytes, memoryPeakBytes, memoryLimitBytes, inactiveFileBytes, n, ioReadBytes,
        ioWriteBytes, ioReadOps, ioWriteOps, oomKills, cpuMillicores);
  }

  public Usage withOomKills(long n) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, nrPeriods, nrThrottled, throttledUs, cpuQuotaUs,
        cpuPeriodUs, memoryBytes, memoryPeakBytes, memoryLimitBytes, inactiveFileBytes, pids, ioReadBytes,
        ioWriteBytes, ioReadOps, ioWriteOps, n, cpuMillicores);
  }

  /** The rate at which a ticking fixture burns CPU for this cgroup: 1000 = one core. */
  public Usage burning(long millicores) {
    return new Usage(cpuUsageUs, cpuUserUs, cpuSystemUs, nrPeriods, nrThrottled, throttledUs, cpuQuotaUs,
        cpuPeriodUs, memoryBytes, memoryPeakBytes, memoryLimitBytes, inactiveFileBytes, pids, ioReadBytes,
        ioWriteBytes, ioReadOps, ioWriteOps, oomKills, millicores);
  }
}
