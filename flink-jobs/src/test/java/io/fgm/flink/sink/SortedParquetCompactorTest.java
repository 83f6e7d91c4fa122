package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** Tests for {@link SortedParquetCompactor} and the staging files it compacts. */
class SortedParquetCompactorTest {
  private static final ParquetSettings SETTINGS = ParquetSettings.defaults();

  @Test
  void compacting_staging_files_gives_the_same_rows_in_the_same_order_as_the_avro_compactor(@TempDir Path dir)
      throws Exception {
    List<org.apache.flink.core.fs.Path> inputs = stagingFiles(dir);

    Path avro = dir.resolve("avro.parquet");
    MetricRowWriter w = new MetricRowWriter(SETTINGS.openRows(new LocalOutputFile(avro)));
    new SortingRowCompactor().compact(inputs, w::addElement);
    w.finish();
    Path direct = dir.resolve("direct.parquet");
    try (OutputStream out = Files.newOutputStream(direct)) {
      new SortedParquetCompactor(SETTINGS).compact(inputs, out);
    }

    List<String> expected = rows(avro);
    assertEquals(3 * 4 * 30 * 5 - 3 * 5 /* NaN not written */, expected.size());
    assertEquals(expected, rows(direct));
  }

  @Test
  void staging_files_are_plain_and_without_statistics_while_the_compacted_file_has_the_full_encoding(
      @TempDir Path dir) throws Exception {
    List<org.apache.flink.core.fs.Path> inputs = stagingFiles(dir);
    ColumnChunkMetaData staged = column(StoreReader.footer(Path.of(inputs.get(0).toUri())), MetricRows.METRIC_NAME);
    assertFalse(staged.hasDictionaryPage());
    assertFalse(staged.getStatistics().hasNonNullValue(), () -> "no min/max in staging files: " + staged.getStatistics());

    Path out = dir.resolve("compacted.parquet");
    try (OutputStream o = Files.newOutputStream(out)) {
      new SortedParquetCompactor(SETTINGS).compact(inputs, o);
    }
    ParquetMetadata footer = StoreReader.footer(out);
    ColumnChunkMetaData metric = column(footer, MetricRows.METRIC_NAME);
    assertTrue(metric.hasDictionaryPage());
    assertFalse(metric.getStatistics().isEmpty());
    assertEquals("cpu.usage_us", metric.getStatistics().minAsString());
    assertTrue(column(footer, MetricRows.CONTAINER_ID).hasDictionaryPage());
    assertTrue(column(footer, MetricRows.VALUE).getEncodings().contains(Encoding.PLAIN),
        "value column plain (ParquetSettings.defaults)");
    assertEquals(MetricRows.SCHEMA.toString(), footer.getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
  }

  @Test
  void a_lazy_writer_that_gets_no_sample_writes_no_byte() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MetricRowWriter w = new MetricRowWriter(() -> {
      throw new AssertionError("opened without a sample");
    });
    w.flush();
    w.finish();
    assertEquals(0, bytes.size());
  }

  /** Five staging files, newest first, with 3 containers (one without pod names) × 4 metrics × 30 s and NaNs. */
  private static List<org.apache.flink.core.fs.Path> stagingFiles(Path dir) throws Exception {
    ContainerRef a = ContainerRef.of("a".repeat(64), null, QosClass.BEST_EFFORT, "/a");
    ContainerRef b = ContainerRef.of("b".repeat(64), "uid-b", QosClass.GUARANTEED, "/b").withNames("pod-b", "ns", "app");
    ContainerRef c = ContainerRef.of("c".repeat(64), "uid-c", QosClass.BURSTABLE, "/c").withNames("pod-c", "ns", "db");
    Random rnd = new Random(7);
    List<org.apache.flink.core.fs.Path> inputs = new ArrayList<>();
    for (int f = 4; f >= 0; f--) {
      Path file = dir.resolve("staging-" + f + ".parquet");
      MetricRowWriter w = new MetricRowWriter(SETTINGS.openStagingRows(new LocalOutputFile(file)));
      for (int s = 0; s < 30; s++) {
        long t = 1_700_000_000_000L + (f * 30 + s) * 1000L;
        for (ContainerRef ref : List.of(c, a, b)) {
          Map<String, Double> m = new LinkedHashMap<>();
          m.put("cpu.usage_us", t * 3.0 + rnd.nextInt(1000));
          m.put("memory.current_bytes", (double) (1 << 20) * rnd.nextInt(64));
          m.put("io.read_bytes", s == 0 ? Double.NaN : 4096.0 * s);
          m.put("x.unknown_metric", rnd.nextGaussian());
          w.addElement(new ContainerSample(t, ref == a ? "node-1" : "node-2", ref, m));
        }
      }
      w.finish();
      inputs.add(new org.apache.flink.core.fs.Path(file.toUri()));
    }
    return inputs;
  }

  private static List<String> rows(Path file) {
    List<String> out = new ArrayList<>();
    for (GenericRecord r : StoreReader.records(file)) {
      StringBuilder sb = new StringBuilder();
      for (org.apache.avro.Schema.Field f : MetricRows.SCHEMA.getFields()) {
        sb.append(r.get(f.name())).append('|');
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static ColumnChunkMetaData column(ParquetMetadata footer, String name) {
    return footer.getBlocks().get(0).getColumns().stream()
        .filter(c -> c.getPath().toDotString().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
