package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fgm.query.TimeRange;
import io.fgm.query.bench.AvroRowFiles;
import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The column reader against the record reader it replaced, and the row-group skipping it relies on. */
class MetricRowFilesTest {
  private static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  @TempDir Path dir;

  @Test
  void column_reader_agrees_with_the_record_reader_on_every_fixture_file() throws IOException {
    Path root = ClusterFixture.write(dir);
    List<Path> files = new ArrayList<>();
    StoreLayout.partitions(root, new TimeRange(0, Long.MAX_VALUE / 2), n -> true)
        .forEach(p -> StoreLayout.dataFiles(p.dir()).stream().filter(f -> !f.toString().contains("corrupt"))
            .forEach(files::add));
    assertEquals(6, files.size());
    for (Path f : files) {
      FileSummary expected = AvroRowFiles.summarize(f, 1, 2);
      assertEquals(expected, MetricRowFiles.summarize(f, 1, 2), f.toString());
      for (String metric : List.of(ClusterFixture.CPU, ClusterFixture.MEM)) {
        TimeRange cut = new TimeRange(ClusterFixture.T0 - 120_000, ClusterFixture.T0 + 30_000);
        Set<String> db = Set.of(ClusterFixture.DB.containerId());
        assertEquals(rows(f, metric, null, ALL, true), rows(f, metric, null, ALL, false));
        assertEquals(rows(f, metric, db, cut, true), rows(f, metric, db, cut, false));
      }
    }
  }

  @Test
  void the_latest_known_labels_win_within_a_file() throws IOException {
    ContainerRef anonymous = new ContainerRef("c-1", null, QosClass.NONE, "/kubepods/c-1", false, null, null, null);
    ContainerRef named = StoreFixture.container("c-1", "api-0", "prod", "api", QosClass.BURSTABLE);
    List<GenericRecord> rows = new ArrayList<>();
    rows.add(MetricRows.row(2000, "m", 1, "n", named));
    rows.add(MetricRows.row(1000, "m", 1, "n", anonymous)); // older and without names: must not erase them
    rows.add(MetricRows.row(3000, "m2", 1, "n", anonymous)); // newer without names: keeps the known ones
    Path f = dir.resolve("f.parquet");
    StoreFixture.writeParquet(f, rows);
    FileSummary s = MetricRowFiles.summarize(f, 0, 0);
    assertEquals(AvroRowFiles.summarize(f, 0, 0), s);
    assertEquals("api-0", s.containers().get("c-1").podName());
    assertEquals(List.of("m", "m2"), s.containers().get("c-1").metrics());
    assertEquals(1000, s.containers().get("c-1").firstSeenMs());
    assertEquals(3000, s.containers().get("c-1").lastSeenMs());
  }

  @Test
  void a_row_group_whose_dictionary_lacks_the_metric_or_container_is_not_read() throws IOException {
    Path root = ClusterFixture.write(dir);
    Path memOnly = root.resolve("dt=2026-03-02/node=node-a/part-0004.parquet");
    List<String> cols = List.of(MetricRows.TIME, MetricRows.METRIC_NAME);
    int[] cpu = ColumnScan.scan(new LocalInputFile(memOnly), cols,
        FilterApi.eq(FilterApi.binaryColumn(MetricRows.METRIC_NAME), Binary.fromString(ClusterFixture.CPU)),
        (c, n) -> { });
    assertArrayEquals(new int[] {1, 0}, cpu);
    int[] mem = ColumnScan.scan(new LocalInputFile(memOnly), cols,
        FilterApi.eq(FilterApi.binaryColumn(MetricRows.METRIC_NAME), Binary.fromString(ClusterFixture.MEM)),
        (c, n) -> { });
    assertArrayEquals(new int[] {1, 1}, mem);
    int[] stranger = ColumnScan.scan(new LocalInputFile(memOnly), cols,
        // a mutable set: parquet-java asks it contains(null), which Set.of() answers with an exception
        FilterApi.in(FilterApi.binaryColumn(MetricRows.CONTAINER_ID),
            new java.util.HashSet<>(Set.of(Binary.fromString("c-nobody")))),
        (c, n) -> { });
    assertArrayEquals(new int[] {1, 0}, stranger);
    assertFalse(rows(memOnly, ClusterFixture.CPU, null, ALL, false).iterator().hasNext());
  }

  @Test
  void one_pass_over_several_metrics_gives_each_metric_s_rows_and_fills_the_cache_alike() throws IOException {
    Path root = ClusterFixture.write(dir);
    List<Path> files = new ArrayList<>();
    StoreLayout.partitions(root, new TimeRange(0, Long.MAX_VALUE / 2), n -> true)
        .forEach(p -> StoreLayout.dataFiles(p.dir()).stream().filter(f -> !f.toString().contains("corrupt"))
            .forEach(files::add));
    for (Path f : files) {
      java.util.Map<String, List<String>> byMetric = new java.util.HashMap<>();
      long n = MetricRowFiles.readValuesOfMetrics(new LocalInputFile(f), Set.of(ClusterFixture.CPU, ClusterFixture.MEM,
          "no.such_metric"), (m, id, t, v) -> byMetric.computeIfAbsent(m, k -> new ArrayList<>()).add(id + "@" + t + "=" + v));
      long total = 0;
      for (String metric : List.of(ClusterFixture.CPU, ClusterFixture.MEM)) {
        List<String> one = rows(f, metric, null, ALL, false);
        assertEquals(one, byMetric.getOrDefault(metric, List.of()), f + " " + metric);
        total += one.size();
      }
      assertEquals(total, n);
      assertFalse(byMetric.containsKey("no.such_metric"));
      // the cache filled in one pass holds what it decodes metric by metric
      FileSummary summary = MetricRowFiles.summarize(f, 1, 2);
      SeriesCache oneByOne = new SeriesCache(1_000_000);
      SeriesCache onePass = new SeriesCache(1_000_000);
      onePass.prefetch(summary, Set.of(ClusterFixture.CPU, ClusterFixture.MEM));
      long prefetched = onePass.cachedPoints();
      for (String metric : List.of(ClusterFixture.CPU, ClusterFixture.MEM)) {
        java.util.Map<String, SeriesCache.Points> a = oneByOne.get(summary, metric);
        java.util.Map<String, SeriesCache.Points> b = onePass.get(summary, metric);
        assertEquals(a.keySet(), b.keySet());
        for (String id : a.keySet()) {
          assertEquals(a.get(id).size(), b.get(id).size());
          for (int i = 0; i < a.get(id).size(); i++) {
            assertEquals(a.get(id).time(i), b.get(id).time(i));
            assertEquals(a.get(id).values()[i], b.get(id).values()[i]);
          }
        }
      }
      assertEquals(prefetched, onePass.cachedPoints()); // the gets hit: nothing decoded again
      assertEquals(oneByOne.cachedPoints(), onePass.cachedPoints());
    }
  }

  private static List<String> rows(Path f, String metric, Set<String> ids, TimeRange range, boolean avro)
      throws IOException {
    List<String> out = new ArrayList<>();
    MetricRowFiles.ValueSink sink = (id, t, v) -> out.add(id + "@" + t + "=" + v);
    if (avro) {
      AvroRowFiles.readValues(f, metric, ids, range, sink::accept);
    } else {
      MetricRowFiles.readValues(f, metric, ids, range, sink);
    }
    return out;
  }
}
