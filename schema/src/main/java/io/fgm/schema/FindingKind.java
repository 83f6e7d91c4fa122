package io.fgm.schema;

/**
 * What a {@link Finding} is about. The order is the default ranking of {@code find_changes}: the most urgent first.
 * New kinds are added before {@link #OTHER}; an old reader decodes an unknown kind as {@code OTHER} (Avro enum
 * default).
 */
public enum FindingKind {
  /** The kernel's OOM killer killed a process of the container ({@code memory.events oom_kill} rose). */
  OOM_KILL,
  /** Memory rises steadily (significant Mann-Kendall trend) toward the limit. */
  MEMORY_LEAK,
  /** Working set above a configured fraction of the memory limit. */
  MEMORY_NEAR_LIMIT,
  /** CPU throttled in a configured fraction of CFS periods for a sustained time. */
  THROTTLING,
  /** A periodic pattern (autocorrelation peak) appeared. */
  PERIODIC,
  /** A step change in mean (and/or variance), from PELT. */
  CHANGEPOINT,
  /** A new container id for the same pod and container name (a restart). */
  RESTART,
  /** A kind this reader does not know. */
  OTHER
}
