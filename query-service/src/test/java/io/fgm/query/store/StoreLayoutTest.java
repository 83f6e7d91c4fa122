package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.TimeRange;
import io.fgm.schema.PartitionPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link StoreLayout}. */
class StoreLayoutTest {
  @TempDir Path root;

  @Test
  void selects_the_days_of_the_range_and_unescapes_node_names() throws IOException {
    for (String day : List.of("2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03")) {
      Files.createDirectories(root.resolve("dt=" + day).resolve("node=" + PartitionPath.escape("ip-10-0-0-1:a")));
      Files.createDirectories(root.resolve("dt=" + day).resolve("node=b"));
    }
    TimeRange r = new TimeRange(ms("2026-03-01T23:00:00Z"), ms("2026-03-02T01:00:00Z"));
    List<StoreLayout.Partition> ps = StoreLayout.partitions(root, r, n -> true);
    assertEquals(4, ps.size());
    assertEquals(LocalDate.parse("2026-03-01"), ps.get(0).day());
    assertEquals("b", ps.get(0).node());
    assertEquals("ip-10-0-0-1:a", ps.get(1).node());
    assertEquals(2, StoreLayout.partitions(root, r, "b"::equals).size());
  }

  @Test
  void selecting_from_the_whole_cached_list_gives_the_same_partitions_as_listing_for_the_range() throws IOException {
    for (String day : List.of("2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03")) {
      Files.createDirectories(root.resolve("dt=" + day).resolve("node=a"));
      Files.createDirectories(root.resolve("dt=" + day).resolve("node=b"));
    }
    List<StoreLayout.Partition> all = StoreLayout.partitions(LocalStoreFs.INSTANCE, root);
    assertEquals(8, all.size());
    for (TimeRange r : List.of(new TimeRange(ms("2026-03-01T23:00:00Z"), ms("2026-03-02T01:00:00Z")),
        new TimeRange(ms("2026-03-03T00:00:00Z"), ms("2026-03-09T00:00:00Z")),
        new TimeRange(ms("2026-01-01T00:00:00Z"), ms("2026-02-27T23:59:59Z")))) {
      assertEquals(StoreLayout.partitions(root, r, n -> true), StoreLayout.select(all, r, n -> true), r.toString());
      assertEquals(StoreLayout.partitions(root, r, "b"::equals), StoreLayout.select(all, r, "b"::equals));
    }
  }

  @Test
  void ignores_what_is_not_a_partition() throws IOException {
    Files.createDirectories(root.resolve("dt=garbage/node=a"));
    Files.createDirectories(root.resolve("tmp/node=a"));
    Files.createDirectories(root.resolve("dt=2026-03-01/other=a"));
    Files.createDirectories(root.resolve("dt=2026-03-01/node=%zz"));
    Files.createDirectories(root.resolve("dt=2026-03-01/node="));
    Files.writeString(root.resolve("dt=2026-03-01/node=file"), "not a dir");
    TimeRange r = new TimeRange(ms("2026-03-01T00:00:00Z"), ms("2026-03-01T10:00:00Z"));
    assertEquals(List.of(), StoreLayout.partitions(root, r, n -> true));
  }

  @Test
  void a_missing_store_is_empty() {
    assertEquals(List.of(), StoreLayout.partitions(root.resolve("nope"), new TimeRange(0, 1), n -> true));
  }

  @Test
  void hidden_and_in_progress_files_are_not_data() throws IOException {
    Path dir = Files.createDirectories(root.resolve("dt=2026-03-01/node=a"));
    for (String f : List.of("part-1.parquet", ".part-2.inprogress.abc", "_SUCCESS", ".part-1.parquet.crc", "p3")) {
      Files.writeString(dir.resolve(f), "x");
    }
    Files.createDirectories(dir.resolve("subdir"));
    assertEquals(List.of(dir.resolve("p3"), dir.resolve("part-1.parquet")), StoreLayout.dataFiles(dir));
    assertFalse(StoreLayout.isDataFileName(""));
    assertTrue(StoreLayout.isDataFileName("part-0-0"));
  }

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }
}
