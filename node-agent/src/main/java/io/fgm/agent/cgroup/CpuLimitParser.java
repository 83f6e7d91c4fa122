package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * The CPU limit, as millicores ({@code quota * 1000 / period}): v2 {@code cpu.max} ("max 100000" or
 * "50000 100000"), v1 {@code cpu.cfs_quota_us} (-1 = unlimited) with {@code cpu.cfs_period_us}. No limit leaves
 * {@link Metric#CPU_LIMIT_MILLICORES} absent.
 */
public final class CpuLimitParser {
  private static final byte[] MAX = {'m', 'a', 'x'};

  private CpuLimitParser() {}

  /** Parses v2 {@code cpu.max}; returns the number of problems. */
  public static int parseCpuMax(byte[] b, int len, MetricValues out) {
    if (b == null || len <= 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    int end = KernelText.lineEnd(b, 0, len);
    if (end < 0) {
      return 1;
    }
    int sp = 0;
    while (sp < end && b[sp] != ' ') {
      sp++;
    }
    if (sp >= end) {
      return 1;
    }
    long period = KernelText.parseLong(b, sp + 1, end);
    if (period == KernelText.MALFORMED || period <= 0) {
      return 1;
    }
    if (KernelText.regionEquals(b, 0, sp, MAX)) {
      return 0;
    }
    long quota = KernelText.parseLong(b, 0, sp);
    if (quota == KernelText.MALFORMED || quota <= 0) {
      return 1;
    }
    out.set(Metric.CPU_LIMIT_MILLICORES, quota * 1000.0 / period);
    return 0;
  }

  /** Parses v1 {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}; returns the number of problems. */
  public static int parseCfs(byte[] quota, int quotaLen, byte[] period, int periodLen, MetricValues out) {
    long q = SingleValueParser.parse(quota, quotaLen);
    if (q == KernelText.MALFORMED) {
      return 1;
    }
    if (q < 0) {
      return 0; // -1: no limit
    }
    long p = SingleValueParser.parse(period, periodLen);
    if (p == KernelText.MALFORMED || p <= 0 || q == 0) {
      return 1;
    }
    out.set(Metric.CPU_LIMIT_MILLICORES, q * 1000.0 / p);
    return 0;
  }
}
