package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link StagingRows}, the raw tier's staging row format. */
class StagingRowsTest {
  private static final Metric[] CATALOGUE = Metric.values();

  @Test
  void randomSamplesReadBackFromTheStagingFormatExactlyAsFromAParquetStagingFile(@TempDir Path dir)
      throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      List<ContainerSample> samples = randomSamples(new Random(seed), 400);
      Path rowFile = dir.resolve("rows-" + seed);
      writeRows(rowFile, samples, StagingRows.catalogueColumns());
      Path parquetFile = dir.resolve("parquet-" + seed);
      SampleRowWriter p = new SampleRowWriter(ParquetSettings.defaults().openStagingSamples(
          new LocalOutputFile(parquetFile)));
      for (ContainerSample s : samples) {
        p.addElement(s);
      }
      p.finish();

      List<String> fromRows = rows(read(rowFile));
      List<String> fromParquet = rows(read(parquetFile));
      assertEquals(samples.size(), fromRows.size());
      assertEquals(fromParquet, fromRows, "seed " + seed);
      assertEquals(expected(samples), fromRows, "seed " + seed + ": the samples' own values");
    }
  }

  @Test
  void columnsAreMatchedByNameSoAFileOfAnotherCatalogueReadsIntoTheRightColumns(@TempDir Path dir)
      throws Exception {
    // A writer whose catalogue is reversed, lacks memory.current_bytes and has a metric this reader does not know.
    List<StagingRows.Column> columns = new ArrayList<>(StagingRows.catalogueColumns());
    columns.removeIf(c -> c.key().equals(Metric.MEMORY_CURRENT_BYTES.key()));
    java.util.Collections.reverse(columns);
    columns.add(new StagingRows.Column("x.future_metric", "x_future_metric", 0));
    List<ContainerSample> samples = randomSamples(new Random(11), 50);
    List<ContainerSample> withFuture = new ArrayList<>();
    for (ContainerSample s : samples) {
      Map<String, Double> m = new HashMap<>(s.metrics());
      m.put("x.future_metric", 42.0);
      withFuture.add(new ContainerSample(s.timestampMs(), s.node(), s.container(), m));
    }
    Path file = dir.resolve("other-catalogue");
    writeRows(file, withFuture, columns);

    List<ContainerSample> withoutMemory = new ArrayList<>();
    for (ContainerSample s : samples) {
      Map<String, Double> m = new HashMap<>(s.metrics());
      m.remove(Metric.MEMORY_CURRENT_BYTES.key());
      withoutMemory.add(new ContainerSample(s.timestampMs(), s.node(), s.container(), m));
    }
    assertTrue(samples.stream().anyMatch(s -> s.metrics().get(Metric.MEMORY_CURRENT_BYTES.key()) != null));
    assertEquals(expected(withoutMemory), rows(read(file)), "absent column null, unknown column dropped");
  }

  @Test
  void aWriterThatGotNoSampleWritesNothing() throws IOException {
    // FileSink opens the compacted file through this writer and finishes it after the compactor wrote to it.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BulkWriter<ContainerSample> w = new SampleRowWriterFactory(ParquetSettings.defaults(), true).create(
        new org.apache.flink.core.fs.FSDataOutputStream() {
          @Override
          public long getPos() {
            return out.size();
          }

          @Override
          public void write(int b) {
            out.write(b);
          }

          @Override
          public void flush() {}

          @Override
          public void sync() {}

          @Override
          public void close() {}
        });
    w.flush();
    w.finish();
    assertEquals(0, out.size());
  }

  @Test
  void everyTruncationIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("whole");
    writeRows(file, randomSamples(new Random(5), 6), StagingRows.catalogueColumns());
    byte[] bytes = Files.readAllBytes(file);
    for (int len = 0; len < bytes.length; len++) {
      Path cut = dir.resolve("cut-" + len);
      Files.write(cut, Arrays.copyOf(bytes, len));
      IOException e = assertThrows(IOException.class, () -> read(cut), "cut at " + len);
      assertTrue(e.getMessage().contains(cut.getFileName().toString()), e.getMessage());
      String expectedStart = len < StagingRows.MAGIC.length ? "not a raw-tier staging file" : "truncated staging file";
      assertTrue(e.getMessage().startsWith(expectedStart), len + ": " + e.getMessage());
      Files.delete(cut);
    }
    assertEquals(6, read(file).size());
  }

  @Test
  void corruptFilesAreRejectedWithWhatIsWrong(@TempDir Path dir) throws Exception {
    ContainerRef c = ContainerRef.of("c1", null, QosClass.BURSTABLE, "/c1");
    List<ContainerSample> one = List.of(new ContainerSample(1000, "n", c, Map.of("cpu.usage_us", 5.0)),
        new ContainerSample(2000, "n", c, Map.of("cpu.usage_us", 6.0)));
    Path file = dir.resolve("good");
    writeRows(file, one, StagingRows.catalogueColumns());
    byte[] good = Files.readAllBytes(file);
    int headerEnd = good.length - 2 * (1 + 8 + 8 + 8) - (1 + 8) - labelSetBytes(c, "n");

    byte[] badRef = good.clone();
    badRef[good.length - 9 - (1 + 8 + 8 + 8)] = 7; // the second row's label reference
    assertRejected(dir, "bad-ref", badRef, "refers to label set 7, but only 1 are defined");

    byte[] badVersion = good.clone();
    badVersion[4] = 9;
    assertRejected(dir, "bad-version", badVersion, "version 9");

    byte[] badCount = good.clone();
    badCount[good.length - 1] = 3;
    assertRejected(dir, "bad-count", badCount, "trailer says 3 rows, the file holds 2");

    byte[] trailing = Arrays.copyOf(good, good.length + 2);
    assertRejected(dir, "trailing", trailing, "2 bytes after the trailer");

    byte[] beyond = good.clone();
    beyond[headerEnd + 1 + labelSetBytes(c, "n") + 8] = (byte) 0x80; // bit 63 of the first row's presence word
    assertRejected(dir, "beyond", beyond, "marks columns beyond the header's " + CATALOGUE.length);

    Path notOurs = dir.resolve("not-ours");
    Files.write(notOurs, "hello, world".getBytes());
    IOException e = assertThrows(IOException.class, () -> read(notOurs));
    assertTrue(e.getMessage().startsWith("not a raw-tier staging file (neither fgm staging rows nor Parquet): "),
        e.getMessage());
    assertTrue(e.getMessage().contains("not-ours"), e.getMessage());
  }

  private static int labelSetBytes(ContainerRef c, String node) {
    int n = 0;
    for (String s : new String[] {c.containerId(), c.podUid(), c.podName(), c.namespace(), c.containerName(),
        c.qos().label(), node}) {
      n += s == null ? 1 : 1 + s.length();
    }
    return n;
  }

  private static void assertRejected(Path dir, String name, byte[] bytes, String what) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    IOException e = assertThrows(IOException.class, () -> read(f), name);
    assertTrue(e.getMessage().startsWith("corrupt staging file " + new org.apache.flink.core.fs.Path(f.toUri())),
        e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  /**
   * Samples of a few containers in arrival order: some without pod names until their names are joined mid-file (a
   * new label set of the same container id), one on a second node, every metric present, absent or NaN at random,
   * counters as integers, decimal gauges and ratios as doubles, and a metric the catalogue does not know.
   */
  static List<ContainerSample> randomSamples(Random r, int n) {
    List<ContainerRef> refs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      refs.add(ContainerRef.of(Integer.toHexString(r.nextInt()).repeat(8), i % 3 == 0 ? null : "uid-" + i,
          QosClass.values()[i % QosClass.values().length], "/c" + i));
    }
    List<ContainerSample> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      int i = r.nextInt(refs.size());
      ContainerRef c = refs.get(i);
      if (k == n / 2 && c.podName() == null) {
        refs.set(i, c = c.withNames("pod-" + i, "ns-ü", "app"));
      }
      Map<String, Double> m = new HashMap<>();
      for (Metric x : CATALOGUE) {
        int p = r.nextInt(10);
        if (p < 2) {
          continue; // absent
        }
        double v;
        if (p == 2) {
          v = Double.NaN;
        } else if (x.decimals() == Metric.FLOATING) {
          v = r.nextDouble();
        } else {
          v = r.nextInt(1 << 30) / Math.pow(10, x.decimals()) + (x.decimals() == 0 ? (double) r.nextInt(1000) * 1e6 : 0);
        }
        m.put(x.key(), v);
      }
      m.put("x.not_in_catalogue", r.nextDouble());
      out.add(new ContainerSample(1_700_000_000_000L + 1000L * (k / 6) + r.nextInt(3), i == 5 ? "node-2" : "node-1",
          c, m));
    }
    return out;
  }

  static void writeRows(Path file, List<ContainerSample> samples, List<StagingRows.Column> columns)
      throws IOException {
    try (OutputStream o = Files.newOutputStream(file)) {
      StagingRows.Writer w = new StagingRows.Writer(o, columns);
      for (ContainerSample s : samples) {
        w.addElement(s);
      }
      w.flush();
      w.finish();
    }
  }

  static SampleRowBuffer read(Path file) throws IOException {
    SampleRowBuffer rows = new SampleRowBuffer();
    StagingRows.readAnyInto(new org.apache.flink.core.fs.Path(file.toUri()), rows);
    return rows;
  }

  /** Every row of {@code rows} in sorted order: time, the seven labels, then each catalogue metric or null. */
  static List<String> rows(SampleRowBuffer rows) throws IOException {
    List<String> out = new ArrayList<>();
    rows.forEachSorted(new SampleRow(), row -> {
      StringBuilder sb = new StringBuilder().append(row.timeMs);
      for (org.apache.parquet.io.api.Binary l : row.labels) {
        sb.append('|').append(l == null ? null : l.toStringUsingUTF8());
      }
      for (double v : row.values) {
        sb.append('|').append(Double.isNaN(v) ? null : v);
      }
      out.add(sb.toString());
    });
    return out;
  }

  /** {@code samples} as {@link #rows} must give them, sorted the compactor's way. */
  static List<String> expected(List<ContainerSample> samples) throws IOException {
    SampleRowBuffer b = new SampleRowBuffer();
    for (ContainerSample s : samples) {
      int r = b.reserve(1);
      b.time(r, s.timestampMs());
      SampleRow row = new SampleRow();
      row.labels(s.container(), s.node());
      b.labelSet(r, b.labelSetId(row.labels));
      for (Metric m : CATALOGUE) {
        Double v = s.metrics().get(m.key());
        if (v != null && !v.isNaN()) {
          // the stored resolution: what every raw-tier file holds
          b.value(m.ordinal(), r, m.decimals() == Metric.FLOATING ? v
              : SampleRows.fromStored(SampleRows.toStored(v, m.decimals()), m.decimals()));
        }
      }
    }
    return rows(b);
  }
}
