package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleRows;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link SampleRowCompactor} and the staging files it compacts. */
class SampleRowCompactorTest {
  private static final ParquetSettings SETTINGS = ParquetSettings.defaults();
  private static final ContainerRef A = ContainerRef.of("a".repeat(64), null, QosClass.BEST_EFFORT, "/a");
  private static final ContainerRef B =
      ContainerRef.of("b".repeat(64), "uid-b", QosClass.GUARANTEED, "/b").withNames("pod-b", "ns", "app");
  private static final ContainerRef C =
      ContainerRef.of("c".repeat(64), "uid-c", QosClass.BURSTABLE, "/c").withNames("pod-c", "ns", "db");

  @Test
  void stagedAndCompactedRowsAreExactlyTheInputSamples(@TempDir Path dir) throws Exception {
    List<ContainerSample> input = new ArrayList<>();
    List<org.apache.flink.core.fs.Path> staged = stagingFiles(dir, input);
    List<String> expected = input.stream().map(SampleRowCompactorTest::expectedRow).sorted().toList();

    SampleRowBuffer stagedRows = new SampleRowBuffer();
    for (org.apache.flink.core.fs.Path f : staged) {
      StagingRows.readAnyInto(f, stagedRows);
    }
    assertEquals(StagingRowsTest.expected(input), StagingRowsTest.rows(stagedRows),
        "staging files hold every sample once");

    List<String> compacted = StoreReader.records(compact(dir, staged)).stream().map(SampleRowCompactorTest::row)
        .sorted().toList();
    assertEquals(3 * 5 * 30, compacted.size());
    assertEquals(expected, compacted, "compaction loses, adds and changes nothing");
  }

  @Test
  void stagingFilesWithDoubleMetricColumnsFromBeforeTheScaledIntegersCompactToTheSameValues(@TempDir Path dir)
      throws Exception {
    // A job restored from a checkpoint taken by the previous version finds staging files whose metric columns are
    // all DOUBLE; the compactor must read them, and write the values into the current layout unchanged.
    org.apache.avro.Schema old = doubleColumns(SampleRows.SCHEMA);
    Path file = dir.resolve("old-staging.parquet");
    Random r = new Random(3);
    List<double[]> written = new ArrayList<>();
    try (var w = org.apache.parquet.avro.AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
        .withSchema(old).withDataModel(org.apache.avro.generic.GenericData.get()).build()) {
      for (int i = 0; i < 50; i++) {
        double[] v = {r.nextInt(1 << 30), r.nextInt(4_000_000) / 1000.0, r.nextDouble()};
        written.add(v);
        GenericRecord g = new org.apache.avro.generic.GenericData.Record(old);
        g.put(SampleRows.TIME, 1_000L * i);
        g.put(SampleRows.CONTAINER_ID, "c");
        g.put(SampleRows.QOS_CLASS, "Burstable");
        g.put(SampleRows.NODE_NAME, "n");
        g.put("cpu_usage_us", v[0]);
        g.put("cpu_usage_millicores", v[1]);
        g.put("cpu_throttled_ratio", v[2]);
        w.write(g);
      }
    }
    List<GenericRecord> rows =
        StoreReader.records(compact(dir, List.of(new org.apache.flink.core.fs.Path(file.toUri()))));
    assertEquals(written.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(written.get(i)[0], StoreReader.metricValue(rows.get(i), "cpu_usage_us"), 0.0);
      assertEquals(written.get(i)[1], StoreReader.metricValue(rows.get(i), "cpu_usage_millicores"), 0.0);
      assertEquals(written.get(i)[2], StoreReader.metricValue(rows.get(i), "cpu_throttled_ratio"), 0.0);
      assertTrue(rows.get(i).get("cpu_usage_us") instanceof Long, "written in the current layout");
    }
  }

  /** {@code schema} with every long metric column as a double: the raw tier's layout before 2026-11-25. */
  private static org.apache.avro.Schema doubleColumns(org.apache.avro.Schema schema) {
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field f : schema.getFields()) {
      org.apache.avro.Schema type = SampleRows.metricOf(f.name()).isPresent()
          ? org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL),
              org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE))
          : f.schema();
      fields.add(new org.apache.avro.Schema.Field(f.name(), type, null, f.defaultVal()));
    }
    return org.apache.avro.Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
  }

  @Test
  void theCompactedFileIsSortedByContainerNodeAndTime(@TempDir Path dir) throws Exception {
    List<org.apache.flink.core.fs.Path> staged = stagingFiles(dir, new ArrayList<>());
    List<GenericRecord> rows = StoreReader.records(compact(dir, staged));
    Comparator<GenericRecord> order = Comparator.<GenericRecord, String>comparing(r -> str(r, SampleRows.CONTAINER_ID))
        .thenComparing(r -> str(r, SampleRows.NODE_NAME))
        .thenComparingLong(r -> (Long) r.get(SampleRows.TIME));
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(order.compare(rows.get(i - 1), rows.get(i)) < 0,
          "row " + i + " out of order: " + row(rows.get(i - 1)) + " then " + row(rows.get(i)));
    }
    assertEquals("a".repeat(64), str(rows.get(0), SampleRows.CONTAINER_ID));
  }

  @Test
  void oneOldParquetStagingFileAndNewStagingRowFilesCompactToExactlyTheirSamples(@TempDir Path dir)
      throws Exception {
    // A job restored from a checkpoint taken before the staging row format finds Parquet staging files pending
    // beside the new ones of the same partition.
    List<ContainerSample> input = new ArrayList<>();
    List<org.apache.flink.core.fs.Path> staged = new ArrayList<>(stagingFiles(dir, input).subList(0, 2));
    List<ContainerSample> old = StagingRowsTest.randomSamples(new Random(9), 300);
    Path oldFile = dir.resolve(".part-old.parquet");
    SampleRowWriter w = new SampleRowWriter(SETTINGS.openStagingSamples(new LocalOutputFile(oldFile)));
    for (ContainerSample s : old) {
      w.addElement(s);
    }
    w.finish();
    staged.add(1, new org.apache.flink.core.fs.Path(oldFile.toUri()));
    input = new ArrayList<>(input.subList(0, 2 * 90)); // the samples of the first two files written
    input.addAll(old);

    List<String> expected = input.stream().map(SampleRowCompactorTest::expectedRow).sorted().toList();
    List<String> compacted = StoreReader.records(compact(dir, staged)).stream().map(SampleRowCompactorTest::row)
        .sorted().toList();
    assertEquals(2 * 90 + 300, compacted.size());
    assertEquals(expected, compacted);
  }

  @Test
  void stagingFilesAreFgmRowsWhileTheCompactedFileIsParquetWithTheFullEncoding(@TempDir Path dir)
      throws Exception {
    List<org.apache.flink.core.fs.Path> staged = stagingFiles(dir, new ArrayList<>());
    byte[] head = Arrays.copyOf(Files.readAllBytes(Path.of(staged.get(0).toUri())), 4);
    assertArrayEquals(StagingRows.MAGIC, head);

    ParquetMetadata footer = StoreReader.footer(compact(dir, staged));
    ColumnChunkMetaData ids = column(footer, SampleRows.CONTAINER_ID);
    assertTrue(ids.hasDictionaryPage());
    assertEquals("a".repeat(64), ids.getStatistics().minAsString());
    ColumnChunkMetaData memory = column(footer, SampleRows.column(Metric.MEMORY_CURRENT_BYTES));
    assertFalse(memory.getStatistics().isEmpty());
    assertEquals(SETTINGS.encodingOf(Metric.MEMORY_CURRENT_BYTES).dictionary, memory.hasDictionaryPage());
    ColumnChunkMetaData absent = column(footer, SampleRows.column(Metric.PIDS_CURRENT));
    assertEquals(absent.getValueCount(), absent.getStatistics().getNumNulls(), "a metric never collected: all null");
    assertTrue(ids.getEncodings().contains(Encoding.RLE_DICTIONARY) || ids.getEncodings()
        .contains(Encoding.PLAIN_DICTIONARY), ids.getEncodings()::toString);
    assertEquals(SampleRows.SCHEMA.toString(), footer.getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
  }

  private static Path compact(Path dir, List<org.apache.flink.core.fs.Path> staged) throws Exception {
    Path out = dir.resolve("compacted.parquet");
    try (OutputStream o = Files.newOutputStream(out)) {
      new SampleRowCompactor(SETTINGS).compact(staged, o);
    }
    return out;
  }

  /**
   * Five staging files of the job's staging writer, newest first, each with 30 s of 3 containers (one without pod names; one on another node)
   * in arrival order, with an absent metric, NaNs and a metric the catalogue does not know.
   */
  private static List<org.apache.flink.core.fs.Path> stagingFiles(Path dir, List<ContainerSample> input)
      throws Exception {
    Random rnd = new Random(7);
    List<org.apache.flink.core.fs.Path> files = new ArrayList<>();
    for (int f = 4; f >= 0; f--) {
      Path file = dir.resolve("staging-" + f + ".parquet");
      OutputStream out = Files.newOutputStream(file);
      StagingRows.Writer w = new StagingRows.Writer(out);
      for (int s = 0; s < 30; s++) {
        long t = 1_700_000_000_000L + (f * 30 + s) * 1000L;
        for (ContainerRef ref : List.of(C, A, B)) {
          Map<String, Double> m = new LinkedHashMap<>();
          m.put("cpu.usage_us", t * 3.0 + rnd.nextInt(1000));
          m.put("memory.current_bytes", (double) (1 << 20) * rnd.nextInt(64));
          m.put("io.read_bytes", s == 0 ? Double.NaN : 4096.0 * s);
          m.put("x.unknown_metric", rnd.nextGaussian());
          ContainerSample sample = new ContainerSample(t, ref == A ? "node-1" : "node-2", ref, m);
          input.add(sample);
          w.addElement(sample);
        }
      }
      w.finish();
      out.close();
      files.add(new org.apache.flink.core.fs.Path(file.toUri()));
    }
    return files;
  }

  /** A sample as the row it must become: time, labels, and every catalogue metric's value or null. */
  private static String expectedRow(ContainerSample s) {
    ContainerRef c = s.container();
    StringBuilder sb = new StringBuilder().append(s.timestampMs()).append('|').append(c.containerId()).append('|')
        .append(c.podUid()).append('|').append(c.podName()).append('|').append(c.namespace()).append('|')
        .append(c.containerName()).append('|').append(c.qos().label()).append('|').append(s.node());
    for (Metric m : Metric.values()) {
      Double v = s.metrics().get(m.key());
      sb.append('|').append(v == null || v.isNaN() ? null : v);
    }
    return sb.toString();
  }

  private static String row(GenericRecord r) {
    StringBuilder sb = new StringBuilder().append(r.get(SampleRows.TIME));
    for (String l : SampleRows.LABEL_COLUMNS) {
      sb.append('|').append(r.get(l));
    }
    for (String m : SampleRows.metricColumns()) {
      sb.append('|').append(StoreReader.metricValue(r, m));
    }
    return sb.toString();
  }

  private static String str(GenericRecord r, String field) {
    return r.get(field).toString();
  }

  private static ColumnChunkMetaData column(ParquetMetadata footer, String name) {
    return footer.getBlocks().get(0).getColumns().stream()
        .filter(c -> c.getPath().toDotString().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
