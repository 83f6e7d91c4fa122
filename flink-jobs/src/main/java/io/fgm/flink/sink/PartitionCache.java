package io.fgm.flink.sink;

import io.fgm.schema.PartitionPath;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link PartitionPath#of} remembered per node for the current UTC day. Why: a bucket assigner is asked once per
 * row, and formatting the day and escaping the node each time was 5 % of the rates/rollups/findings thread in a JFR
 * profile (2026-11-25, rollup tier: 51 rows per container and minute; raw tier: 1.7 %). Not thread-safe: one per
 * bucket assigner of a sink subtask ({@link NodeDayBucketAssigner}, {@code RollupTierSink}).
 */
final class PartitionCache {
  static final long DAY_MS = 86_400_000L;
  /** Nodes remembered at most; beyond that the memory is dropped and refilled. */
  static final int MAX_NODES = 4096;

  private final Map<String, Entry> byNode = new HashMap<>();

  private record Entry(long dayStartMs, String path) {}

  /** The same string as {@link PartitionPath#of(long, String)}. */
  String of(long timestampMs, String node) {
    long dayStart = Math.floorDiv(timestampMs, DAY_MS) * DAY_MS;
    Entry e = byNode.get(node);
    if (e == null || e.dayStartMs != dayStart) {
      if (e == null && byNode.size() >= MAX_NODES) {
        byNode.clear();
      }
      e = new Entry(dayStart, PartitionPath.of(timestampMs, node));
      byNode.put(node, e);
    }
    return e.path;
  }
}
