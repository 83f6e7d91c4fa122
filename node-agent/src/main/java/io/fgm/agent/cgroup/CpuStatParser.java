package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * {@code cpu.stat}. On cgroup v2 it holds usage, user and system time in µs and the CFS throttling counters; on v1
 * (the cpu controller) only the throttling counters, with {@code throttled_time} in nanoseconds.
 */
public final class CpuStatParser {
  static final FlatKeyedParser V2 =
      FlatKeyedParser.builder()
          .key("usage_usec", Metric.CPU_USAGE_US)
          .key("user_usec", Metric.CPU_USER_US)
          .key("system_usec", Metric.CPU_SYSTEM_US)
          .key("nr_periods", Metric.CPU_NR_PERIODS)
          .key("nr_throttled", Metric.CPU_NR_THROTTLED)
          .key("throttled_usec", Metric.CPU_THROTTLED_US)
          .build();

  static final FlatKeyedParser V1 =
      FlatKeyedParser.builder()
          .key("nr_periods", Metric.CPU_NR_PERIODS)
          .key("nr_throttled", Metric.CPU_NR_THROTTLED)
          .key("throttled_time", Metric.CPU_THROTTLED_US, 1, 1000)
          .build();

  private CpuStatParser() {}

  /** Parses a v2 {@code cpu.stat}; returns the number of problems (see {@link FlatKeyedParser}). */
  public static int parseV2(byte[] b, int len, MetricValues out) {
    return V2.parse(b, len, out);
  }

  /** Parses a v1 {@code cpu.stat} (throttling only, ns converted to µs). */
  public static int parseV1(byte[] b, int len, MetricValues out) {
    return V1.parse(b, len, out);
  }
}
