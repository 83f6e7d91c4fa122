package io.fgm.query.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.ContainerInfo;
import io.fgm.query.ContainerQuery;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryService;
import io.fgm.query.TimeRange;
import io.fgm.query.TimeseriesQuery;
import io.fgm.query.TimeseriesResult;
import io.fgm.query.bench.AvroRowFiles;
import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.Metric;
import io.fgm.schema.PartitionPath;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongToDoubleFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The column reader of the wide raw tier against the record reader (the oracle), the row-group skipping it relies on,
 * and what it refuses: old long-form files, metric columns a file lacks.
 */
class SampleRowFilesTest {
  private static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);
  private static final String CPU = ClusterFixture.CPU;
  private static final String MEM = ClusterFixture.MEM;
  private static final String LIMIT = Metric.MEMORY_LIMIT_BYTES.key();

  /** The raw tier's layout before the wide rows (one row per value), as the Flink job wrote it until now. */
  private static final Schema LONG_FORM = new Schema.Parser().parse("""
      {"type": "record", "name": "MetricRow", "namespace": "io.fgm.schema.v1", "fields": [
        {"name": "time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "metric_name", "type": "string"},
        {"name": "value", "type": "double"},
        {"name": "l_container_id", "type": "string"},
        {"name": "l_pod_uid", "type": ["null", "string"], "default": null},
        {"name": "l_pod_name", "type": ["null", "string"], "default": null},
        {"name": "l_namespace", "type": ["null", "string"], "default": null},
        {"name": "l_container_name", "type": ["null", "string"], "default": null},
        {"name": "l_qos_class", "type": "string"},
        {"name": "l_node_name", "type": "string"}]}""");

  @TempDir Path dir;

  @Test
  void column_reader_agrees_with_the_record_reader_on_every_fixture_file() throws IOException {
    for (Path f : fixtureFiles(ClusterFixture.write(dir))) {
      FileSummary expected = AvroRowFiles.summarize(f, 1, 2);
      assertEquals(expected, SampleRowFiles.summarize(f, 1, 2), f.toString());
      for (String metric : List.of(CPU, MEM)) {
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
    rows.add(StoreFixture.row(2000, "n", named, Map.of(CPU, 1.0)));
    rows.add(StoreFixture.row(1000, "n", anonymous, Map.of(CPU, 1.0))); // older and without names: must not erase them
    rows.add(StoreFixture.row(3000, "n", anonymous, Map.of(MEM, 1.0))); // newer without names: keeps the known ones
    Path f = dir.resolve("f.parquet");
    StoreFixture.writeParquet(f, rows);
    FileSummary s = SampleRowFiles.summarize(f, 0, 0);
    assertEquals(AvroRowFiles.summarize(f, 0, 0), s);
    assertEquals("api-0", s.containers().get("c-1").podName());
    assertEquals(List.of(CPU, MEM), s.containers().get("c-1").metrics());
    assertEquals(1000, s.containers().get("c-1").firstSeenMs());
    assertEquals(3000, s.containers().get("c-1").lastSeenMs());
    assertEquals(3, s.rows());
  }

  @Test
  void a_row_group_whose_metric_column_is_all_null_or_lacks_the_container_is_not_read() throws IOException {
    Path root = ClusterFixture.write(dir);
    Path memOnly = root.resolve("dt=2026-03-02/node=node-a/part-0004.parquet");
    String cpuColumn = SampleRows.column(Metric.CPU_USAGE_MILLICORES);
    String memColumn = SampleRows.column(Metric.MEMORY_CURRENT_BYTES);
    // the predicate's columns must be projected: the column index filter reads an unprojected one as all null
    List<String> cols = List.of(SampleRows.TIME, SampleRows.CONTAINER_ID, cpuColumn, memColumn);
    int[] cpu = ColumnScan.scan(new LocalInputFile(memOnly), cols,
        FilterApi.notEq(FilterApi.longColumn(cpuColumn), null), (c, n) -> { });
    assertArrayEquals(new int[] {1, 0}, cpu);
    int[] mem = ColumnScan.scan(new LocalInputFile(memOnly), cols,
        FilterApi.notEq(FilterApi.longColumn(memColumn), null), (c, n) -> { });
    assertArrayEquals(new int[] {1, 1}, mem);
    int[] stranger = ColumnScan.scan(new LocalInputFile(memOnly), cols,
        // a mutable set: parquet-java asks it contains(null), which Set.of() answers with an exception
        FilterApi.in(FilterApi.binaryColumn(SampleRows.CONTAINER_ID),
            new java.util.HashSet<>(Set.of(Binary.fromString("c-nobody")))),
        (c, n) -> { });
    assertArrayEquals(new int[] {1, 0}, stranger);
    assertFalse(rows(memOnly, CPU, null, ALL, false).iterator().hasNext());
  }

  @Test
  void one_pass_over_several_metrics_gives_each_metric_s_rows_and_fills_the_cache_alike() throws IOException {
    for (Path f : fixtureFiles(ClusterFixture.write(dir))) {
      Map<String, List<String>> byMetric = new HashMap<>();
      long n = SampleRowFiles.readValuesOfMetrics(new LocalInputFile(f), Set.of(CPU, MEM, "no.such_metric"),
          (m, id, t, v) -> byMetric.computeIfAbsent(m, k -> new ArrayList<>()).add(id + "@" + t + "=" + v));
      long total = 0;
      for (String metric : List.of(CPU, MEM)) {
        List<String> one = rows(f, metric, null, ALL, false);
        assertEquals(one, byMetric.getOrDefault(metric, List.of()), f + " " + metric);
        total += one.size();
      }
      assertEquals(total, n);
      assertFalse(byMetric.containsKey("no.such_metric"));
      // the cache filled in one pass holds what it decodes metric by metric
      FileSummary summary = SampleRowFiles.summarize(f, 1, 2);
      SeriesCache oneByOne = new SeriesCache(1_000_000);
      SeriesCache onePass = new SeriesCache(1_000_000);
      onePass.prefetch(summary, Set.of(CPU, MEM));
      long prefetched = onePass.cachedPoints();
      for (String metric : List.of(CPU, MEM)) {
        Map<String, SeriesCache.Points> a = oneByOne.get(summary, metric);
        Map<String, SeriesCache.Points> b = onePass.get(summary, metric);
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

  @Test
  void an_old_long_form_file_is_skipped_counted_once_and_never_read() throws IOException {
    Path store = ClusterFixture.write(dir.resolve("store"));
    ContainerRef legacy = StoreFixture.container("c-legacy-0009", "legacy-0", "prod", "legacy", QosClass.BURSTABLE);
    Path old = store.resolve(PartitionPath.of(ClusterFixture.T0, "node-a")).resolve("part-long-form.parquet");
    List<GenericRecord> rows = new ArrayList<>();
    for (long t = ClusterFixture.T0; t < ClusterFixture.T0 + 60_000; t += 1000) {
      rows.add(longFormRow(t, CPU, 7, "node-a", legacy));
    }
    write(old, LONG_FORM, rows, 1 << 20);

    SampleRowFiles.LayoutException refused =
        assertThrows(SampleRowFiles.LayoutException.class, () -> SampleRowFiles.summarize(old, 0, 0));
    assertTrue(refused.getMessage().contains("metric_name"), refused.getMessage());
    assertThrows(SampleRowFiles.LayoutException.class,
        () -> SampleRowFiles.readValues(old, CPU, null, ALL, (id, t, v) -> { }));
    // nor is a Parquet file of some other shape read as wide rows
    Schema other = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Other\", \"fields\": ["
        + "{\"name\": \"time\", \"type\": \"long\"}, {\"name\": \"cpu_usage_millicores\", \"type\": \"double\"}]}");
    Path stranger = dir.resolve("other.parquet");
    GenericRecord one = new GenericData.Record(other);
    one.put("time", 1000L);
    one.put("cpu_usage_millicores", 1.0);
    write(stranger, other, List.of(one), 1 << 20);
    assertTrue(assertThrows(SampleRowFiles.LayoutException.class, () -> SampleRowFiles.summarize(stranger, 0, 0))
        .getMessage().contains("l_container_id"));

    QueryService service = new QueryService(QueryConfig.builder().storePath(store).relistInterval(
        java.time.Duration.ZERO).build());
    TimeRange all = new TimeRange(ClusterFixture.START, ClusterFixture.END);
    List<String> ids = service.containers(ContainerQuery.builder(all).build()).containers().stream()
        .map(ContainerInfo::containerId).toList();
    assertFalse(ids.contains(legacy.containerId()));
    assertTrue(ids.contains(ClusterFixture.WEB.containerId()));
    assertEquals(1, service.index().wrongLayoutFiles());
    assertEquals(1, service.index().unreadableFiles()); // the corrupt file, counted apart
    // listed again (relist interval 0): the same file version is not summarized, counted or logged again
    service.containers(ContainerQuery.builder(all).build());
    service.metrics(all);
    assertEquals(1, service.index().wrongLayoutFiles());
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU,
        List.of(legacy.containerId(), ClusterFixture.WEB.containerId()), all, 10_000));
    assertEquals(List.of(legacy.containerId()), r.missing());
    assertEquals(ClusterFixture.rowsPerSeries(), r.series().get(0).rows());
  }

  @Test
  void wide_files_with_double_metric_columns_from_before_the_scaled_integers_read_the_same_values()
      throws IOException {
    // The raw tier stored every metric as a DOUBLE until 2026-11-25; a store holds both kinds of files after the
    // upgrade. Values, per-container metric lists and the not-null filter must work on both.
    Schema doubles = doubleMetricColumns(SampleRows.SCHEMA);
    ContainerRef c = StoreFixture.container("c-1", "api-0", "prod", "api", QosClass.BURSTABLE);
    Path oldFile = dir.resolve("old.parquet");
    Path newFile = dir.resolve("new.parquet");
    List<GenericRecord> oldRows = new ArrayList<>();
    List<GenericRecord> newRows = new ArrayList<>();
    Map<Long, Double> expected = new LinkedHashMap<>();
    for (long t = 1000; t <= 20_000; t += 1000) {
      double millicores = (t * 7919 % 3_000_000) / 1000.0;
      expected.put(t, millicores);
      GenericRecord current = StoreFixture.row(t, "n", c,
          Map.of(CPU, millicores, ClusterFixture.MEM, 4096.0 * t));
      assertTrue(current.get(SampleRows.column(Metric.CPU_USAGE_MILLICORES)) instanceof Long);
      GenericRecord old = new GenericData.Record(doubles);
      old.put(SampleRows.TIME, t);
      old.put(SampleRows.CONTAINER_ID, "c-1");
      old.put(SampleRows.QOS_CLASS, "Burstable");
      old.put(SampleRows.NODE_NAME, "n");
      old.put(SampleRows.column(Metric.CPU_USAGE_MILLICORES), millicores);
      (t <= 10_000 ? oldRows : newRows).add(t <= 10_000 ? old : current);
    }
    write(oldFile, doubles, oldRows, 1 << 20);
    write(newFile, SampleRows.SCHEMA, newRows, 1 << 20);
    Map<Long, Double> read = new LinkedHashMap<>();
    for (Path f : List.of(oldFile, newFile)) {
      SampleRowFiles.readValues(f, CPU, Set.of("c-1"), new TimeRange(2000, 15_000), (id, t, v) -> read.put(t, v));
      assertEquals(List.of(CPU), SampleRowFiles.summarize(f, 0, 0).containers().get("c-1").metrics().stream()
          .filter(CPU::equals).toList());
    }
    Map<Long, Double> want = new LinkedHashMap<>(expected);
    want.keySet().removeIf(t -> t < 2000 || t > 15_000);
    assertEquals(want, read, "exactly the doubles written, from both layouts");
    List<Double> both = new ArrayList<>();
    for (Path f : List.of(oldFile, newFile)) {
      SampleRowFiles.readValuesOfMetrics(new LocalInputFile(f), Set.of(CPU), (m, id, t, v) -> both.add(v));
    }
    assertEquals(List.copyOf(expected.values()), both);
  }

  /** {@code schema} with every metric column a nullable double: the raw tier's layout before 2026-11-25. */
  private static Schema doubleMetricColumns(Schema schema) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      Schema type = SampleRows.metricOf(f.name()).isPresent()
          ? Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.DOUBLE)) : f.schema();
      fields.add(new Schema.Field(f.name(), type, null, f.defaultVal()));
    }
    return Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
  }

  @Test
  void a_decimal_annotation_in_the_file_decides_the_scale_of_an_integer_metric_column() throws IOException {
    // The job annotates DECIMAL(18, d) on scaled columns; the file's own annotation is what the reader trusts.
    org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.Types.buildMessage()
        .required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64).named(SampleRows.TIME)
        .required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
        .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named(SampleRows.CONTAINER_ID)
        .optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64)
        .as(org.apache.parquet.schema.LogicalTypeAnnotation.decimalType(2, 18))
        .named(SampleRows.column(Metric.CPU_USAGE_MILLICORES))
        .named("SampleRow");
    Path file = dir.resolve("annotated.parquet");
    try (ParquetWriter<org.apache.parquet.example.data.Group> w =
        org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema).withConf(new PlainParquetConfiguration()).build()) {
      org.apache.parquet.example.data.simple.SimpleGroupFactory g =
          new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema);
      w.write(g.newGroup().append(SampleRows.TIME, 1000L).append(SampleRows.CONTAINER_ID, "c-1")
          .append(SampleRows.column(Metric.CPU_USAGE_MILLICORES), 12_345L));
    }
    List<Double> read = new ArrayList<>();
    SampleRowFiles.readValues(file, CPU, null, ALL, (id, t, v) -> read.add(v));
    assertEquals(List.of(123.45), read, "two decimals, as the file says, not the catalogue's three");
  }

  @Test
  void a_metric_column_the_file_lacks_reads_as_absent() throws IOException {
    // a file of an older catalogue: no memory.limit_bytes column at all
    String dropped = SampleRows.column(Metric.MEMORY_LIMIT_BYTES);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : SampleRows.SCHEMA.getFields()) {
      if (!f.name().equals(dropped)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    Schema older = Schema.createRecord("SampleRow", null, "io.fgm.schema.v2", false, fields);
    ContainerRef c = StoreFixture.container("c-1", "api-0", "prod", "api", QosClass.BURSTABLE);
    Path store = dir.resolve("store");
    Path file = store.resolve(PartitionPath.of(ClusterFixture.T0, "node-a")).resolve("part-older.parquet");
    List<GenericRecord> rows = new ArrayList<>();
    for (long t = ClusterFixture.T0; t < ClusterFixture.T0 + 10_000; t += 1000) {
      GenericRecord full = StoreFixture.row(t, "node-a", c, Map.of(CPU, 1.0 * t));
      GenericRecord r = new GenericData.Record(older);
      for (Schema.Field f : fields) {
        r.put(f.name(), full.get(f.name()));
      }
      rows.add(r);
    }
    write(file, older, rows, 1 << 20);

    FileSummary s = SampleRowFiles.summarize(file, 0, 0);
    assertEquals(List.of(CPU), s.containers().get("c-1").metrics());
    assertEquals(0, SampleRowFiles.readValues(file, LIMIT, null, ALL, (id, t, v) -> { }));
    assertEquals(0, SampleRowFiles.readValuesOfMetrics(new LocalInputFile(file), Set.of(LIMIT), (m, id, t, v) -> { }));
    assertEquals(10, SampleRowFiles.readValuesOfMetrics(new LocalInputFile(file), Set.of(LIMIT, CPU),
        (m, id, t, v) -> assertEquals(CPU, m)));
    assertEquals(10, SampleRowFiles.readValues(file, CPU, null, ALL, (id, t, v) -> assertEquals(1.0 * t, v)));

    QueryService service = new QueryService(QueryConfig.builder().storePath(store).build());
    TimeRange range = new TimeRange(ClusterFixture.T0, ClusterFixture.T0 + 60_000);
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(LIMIT, List.of("c-1"), range, 10_000));
    assertEquals(List.of("c-1"), r.missing());
    assertEquals(0, service.index().wrongLayoutFiles());
    assertEquals(10, service.timeseries(new TimeseriesQuery(CPU, List.of("c-1"), range, 10_000)).rowsRead());
  }

  @Test
  void the_metrics_of_each_container_are_listed_exactly_across_row_groups() throws IOException {
    // containers sorted by id as compacted files are; small row groups so that some metric columns are decided by
    // their statistics (no null, or only nulls, in the row group) and others by their definition levels
    ContainerRef a = StoreFixture.container("c-a", "a-0", "prod", "a", QosClass.BURSTABLE);
    ContainerRef b = StoreFixture.container("c-b", "b-0", "prod", "b", QosClass.BURSTABLE);
    ContainerRef c = StoreFixture.container("c-c", "c-0", "prod", "c", QosClass.BURSTABLE);
    ContainerRef d = StoreFixture.container("c-d", "d-0", "prod", "d", QosClass.BURSTABLE);
    long t0 = ClusterFixture.T0;
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) { // a: CPU always, MEM from its 2,000th second on (absent in the first groups)
      Map<String, Double> m = new LinkedHashMap<>();
      m.put(CPU, 1.0);
      if (i >= 2000) {
        m.put(MEM, 2.0);
      }
      rows.add(StoreFixture.row(t0 + i * 1000L, "n", a, m));
    }
    for (int i = 0; i < 3000; i++) { // b: CPU and, in one single second, the limit
      Map<String, Double> m = new LinkedHashMap<>();
      m.put(CPU, 3.0);
      if (i == 1234) {
        m.put(LIMIT, 4.0);
      }
      rows.add(StoreFixture.row(t0 + i * 1000L, "n", b, m));
    }
    for (int i = 0; i < 3000; i++) { // c: values only in its last 10 seconds, NaN (stored as null) before
      rows.add(StoreFixture.row(t0 + i * 1000L, "n", c, Map.of(MEM, i >= 2990 ? 5.0 : Double.NaN)));
    }
    for (int i = 0; i < 100; i++) { // d: rows without any value
      rows.add(StoreFixture.row(t0 + i * 1000L, "n", d, Map.of()));
    }
    Path f = dir.resolve("groups.parquet");
    write(f, SampleRows.SCHEMA, rows, 16 << 10);
    try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new LocalInputFile(f))) {
      assertTrue(reader.getRowGroups().size() > 3, "several row groups: " + reader.getRowGroups().size());
    }

    FileSummary s = SampleRowFiles.summarize(f, 0, 0);
    assertEquals(AvroRowFiles.summarize(f, 0, 0), s);
    assertEquals(List.of(CPU, MEM), s.containers().get("c-a").metrics());
    assertEquals(List.of(CPU, LIMIT), s.containers().get("c-b").metrics());
    assertEquals(List.of(MEM), s.containers().get("c-c").metrics());
    assertEquals(t0 + 2990_000L, s.containers().get("c-c").firstSeenMs());
    assertEquals(t0 + 2999_000L, s.containers().get("c-c").lastSeenMs());
    assertFalse(s.containers().containsKey("c-d")); // seen in no second: no value at all
    assertEquals(3, s.containers().size());
    assertEquals(9100, s.rows());
    assertEquals(List.of("c-b@" + (t0 + 1234_000L) + "=4.0"), rows(f, LIMIT, null, ALL, false));
    assertEquals(1010, rows(f, MEM, null, ALL, false).size());
  }

  @Test
  void a_series_read_across_files_and_containers_is_what_was_written() throws IOException {
    ContainerRef x = StoreFixture.container("c-x", "x-0", "prod", "x", QosClass.BURSTABLE);
    ContainerRef y = StoreFixture.container("c-y", "y-0", "jobs", "y", QosClass.BEST_EFFORT);
    ContainerRef z = StoreFixture.container("c-z", "z-0", "prod", "z", QosClass.GUARANTEED);
    LongToDoubleFunction fx = t -> (t / 1000) % 97 * 1.5;
    LongToDoubleFunction fy = t -> 1e6 + (t / 1000) % 13;
    LongToDoubleFunction fz = t -> (t / 1000) % 7 == 0 ? Double.NaN : 42 + (t / 1000) % 5; // gaps: NaN is null
    long t0 = ClusterFixture.T0;
    Path store = dir.resolve("store");
    StoreFixture f = new StoreFixture(store);
    for (int file = 0; file < 4; file++) { // four 2-minute files on node-a, y also on node-b
      long from = t0 + file * 120_000L;
      f.series("node-a", x, CPU, from, from + 120_000, fx).series("node-a", z, CPU, from, from + 120_000, fz)
          .series("node-a", x, MEM, from, from + 120_000, t -> 1e9).write("part-a-" + file + ".parquet");
      f.series("node-b", y, CPU, from, from + 120_000, fy).write("part-b-" + file + ".parquet");
    }
    QueryService service = new QueryService(QueryConfig.builder().storePath(store).build());
    TimeRange range = new TimeRange(t0 + 30_000, t0 + 400_000); // cuts the first and the last file it reaches
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of("c-x", "c-y", "c-z"), range, 10_000));
    assertEquals(List.of(), r.missing());
    Map<String, LongToDoubleFunction> written = Map.of("c-x", fx, "c-y", fy, "c-z", fz);
    for (TimeseriesResult.Series s : r.series()) {
      List<Long> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (long t = range.fromMs(); t <= range.toMs(); t += 1000) {
        double v = written.get(s.containerId()).applyAsDouble(t);
        if (!Double.isNaN(v)) {
          times.add(t);
          values.add(v);
        }
      }
      assertEquals(times, java.util.Arrays.stream(s.t()).boxed().toList(), s.containerId());
      assertEquals(values, java.util.Arrays.stream(s.v()).boxed().toList(), s.containerId());
      assertFalse(s.downsampled());
    }
    assertEquals(Set.of("node-a", "node-b"), Set.copyOf(r.series().stream().map(TimeseriesResult.Series::node)
        .toList()));
  }

  private static GenericRecord longFormRow(long t, String metric, double value, String node, ContainerRef c) {
    GenericRecord r = new GenericData.Record(LONG_FORM);
    r.put("time", t);
    r.put("metric_name", metric);
    r.put("value", value);
    r.put("l_container_id", c.containerId());
    r.put("l_pod_uid", c.podUid());
    r.put("l_pod_name", c.podName());
    r.put("l_namespace", c.namespace());
    r.put("l_container_name", c.containerName());
    r.put("l_qos_class", c.qos().label());
    r.put("l_node_name", node);
    return r;
  }

  private static void write(Path file, Schema schema, List<GenericRecord> rows, long rowGroupBytes)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
        .withSchema(schema).withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.ZSTD).withDictionaryEncoding(true)
        .withRowGroupSize(rowGroupBytes).withPageRowCountLimit(500)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (GenericRecord r : rows) {
        w.write(r);
      }
    }
  }

  private static List<Path> fixtureFiles(Path root) {
    List<Path> files = new ArrayList<>();
    StoreLayout.partitions(root, new TimeRange(0, Long.MAX_VALUE / 2), n -> true)
        .forEach(p -> StoreLayout.dataFiles(p.dir()).stream().filter(f -> !f.toString().contains("corrupt"))
            .forEach(files::add));
    assertEquals(6, files.size());
    return files;
  }

  private static List<String> rows(Path f, String metric, Set<String> ids, TimeRange range, boolean avro)
      throws IOException {
    List<String> out = new ArrayList<>();
    SampleRowFiles.ValueSink sink = (id, t, v) -> out.add(id + "@" + t + "=" + v);
    if (avro) {
      AvroRowFiles.readValues(f, metric, ids, range, sink::accept);
    } else {
      SampleRowFiles.readValues(f, metric, ids, range, sink);
    }
    return out;
  }
}
