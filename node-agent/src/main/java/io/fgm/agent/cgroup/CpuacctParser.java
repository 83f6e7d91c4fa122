package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * cgroup v1 {@code cpuacct.usage} (total CPU time in ns) and {@code cpuacct.stat} ({@code user} and
 * {@code system} in USER_HZ ticks, almost always 100 per second: {@code getconf CLK_TCK}).
 */
public final class CpuacctParser {
  private final FlatKeyedParser stat;

  /** @param userHz clock ticks per second of {@code cpuacct.stat} (the kernel's USER_HZ) */
  public CpuacctParser(long userHz) {
    if (userHz <= 0 || userHz > 1_000_000) {
      throw new IllegalArgumentException("USER_HZ must be in 1..1000000, was " + userHz);
    }
    stat =
        FlatKeyedParser.builder()
            .key("user", Metric.CPU_USER_US, 1_000_000, userHz)
            .key("system", Metric.CPU_SYSTEM_US, 1_000_000, userHz)
            .build();
  }

  /** {@code cpuacct.usage}: ns to µs into {@link Metric#CPU_USAGE_US}; returns 0 or 1 problem. */
  public static int parseUsage(byte[] b, int len, MetricValues out) {
    long ns = SingleValueParser.parse(b, len);
    if (ns == KernelText.MALFORMED || ns < 0 || ns == SingleValueParser.UNLIMITED) {
      return 1;
    }
    out.set(Metric.CPU_USAGE_US, ns / 1000);
    return 0;
  }

  /** {@code cpuacct.stat}: ticks to µs into user and system time; returns the number of problems. */
  public int parseStat(byte[] b, int len, MetricValues out) {
    return stat.parse(b, len, out);
  }
}
