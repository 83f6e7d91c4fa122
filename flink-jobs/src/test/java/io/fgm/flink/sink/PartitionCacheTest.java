package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.schema.PartitionPath;
import org.junit.jupiter.api.Test;

/** {@link PartitionCache} gives {@link PartitionPath#of}'s answer however the times and nodes come. */
class PartitionCacheTest {
  @Test
  void givesPartitionPathsAnswerAcrossDayBoundariesAndEscapedNodes() {
    PartitionCache cache = new PartitionCache();
    long midnight = 1_767_225_600_000L; // 2026-01-01T00:00Z
    String[] nodes = {"node-a", "node b/ü", ".hidden", "node-a"};
    long[] times = {midnight - 1, midnight, midnight + 86_399_999L, midnight + 86_400_000L, midnight - 1, 0, -1};
    for (long t : times) {
      for (String n : nodes) {
        assertEquals(PartitionPath.of(t, n), cache.of(t, n), t + " " + n);
      }
    }
  }

  @Test
  void staysRightWhenMoreNodesComeThanItRemembers() {
    PartitionCache cache = new PartitionCache();
    long t = 1_767_225_600_000L;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < PartitionCache.MAX_NODES + 10; i++) {
        assertEquals(PartitionPath.of(t + round * PartitionCache.DAY_MS, "n" + i),
            cache.of(t + round * PartitionCache.DAY_MS, "n" + i));
      }
    }
  }
}
