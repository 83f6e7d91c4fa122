package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/** v2 {@code memory.events} (high, max, oom, oom_kill) and v1 {@code memory.oom_control} (oom_kill). */
public final class MemoryEventsParser {
  static final FlatKeyedParser V2 =
      FlatKeyedParser.builder()
          .key("high", Metric.MEMORY_EVENTS_HIGH)
          .key("max", Metric.MEMORY_EVENTS_MAX)
          .key("oom", Metric.MEMORY_EVENTS_OOM)
          .key("oom_kill", Metric.MEMORY_EVENTS_OOM_KILL)
          .build();

  /** Kernels before 4.13 have no oom_kill line; the file then counts as a problem (no wanted key). */
  static final FlatKeyedParser V1_OOM_CONTROL =
      FlatKeyedParser.builder().key("oom_kill", Metric.MEMORY_EVENTS_OOM_KILL).build();

  private MemoryEventsParser() {}

  public static int parseV2(byte[] b, int len, MetricValues out) {
    return V2.parse(b, len, out);
  }

  public static int parseV1OomControl(byte[] b, int len, MetricValues out) {
    return V1_OOM_CONTROL.parse(b, len, out);
  }
}
