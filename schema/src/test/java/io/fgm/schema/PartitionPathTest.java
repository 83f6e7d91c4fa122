package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Tests for {@link PartitionPath}. */
class PartitionPathTest {
  @Test
  void partitions_are_hive_style_by_utc_day_and_node() {
    assertEquals("dt=2025-11-24/node=worker-1", PartitionPath.of(1_764_028_799_000L, "worker-1"));
    assertEquals("dt=2025-11-25/node=worker-1", PartitionPath.of(1_764_028_800_000L, "worker-1"));
  }

  @Test
  void path_characters_in_a_node_name_are_escaped() {
    assertEquals("%2E.%2Fetc", PartitionPath.escape("../etc"));
    assertEquals("a%3Db", PartitionPath.escape("a=b"));
  }

  @Property
  void escaping_round_trips_and_never_yields_a_separator(@ForAll String node) {
    String e = PartitionPath.escape(node);
    assertFalse(e.contains("/"));
    assertFalse(e.startsWith("."));
    assertEquals(node, PartitionPath.unescape(e));
  }
}
