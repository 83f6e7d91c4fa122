package io.fgm.flink.sink;

import io.fgm.flink.bench.Fleet;
import io.fgm.flink.rates.CounterSnapshot;
import io.fgm.flink.rates.DerivedRates;
import io.fgm.flink.sink.ParquetSettings.MetricEncoding;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.ParameterTool;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Bytes per stored value (non-null metric cells) of one compaction unit (one node's containers for
 * {@code --seconds}, the raw metrics plus the rates the job derives, {@link DerivedRates}) written through the
 * job's own staging writer and {@link SampleRowCompactor}, for several encodings of the compacted file and for the
 * noisy and the realistic fleet. Each metric column's bytes under each {@link MetricEncoding}, summed over the
 * fleets, give the per-column best choice, which is then measured as a whole file, and with other ZSTD levels, page
 * sizes and the bloom filter; also the staging file's size and each column's share.
 *
 * <pre>java -cp ... io.fgm.flink.sink.EncodingStudy --fleets realistic,noisy --containers 100 --seconds 60</pre>
 */
public final class EncodingStudy {
  private EncodingStudy() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    List<String> kinds = List.of(p.get("fleets", "realistic,noisy").split(","));
    int containers = p.getInt("containers", 100);
    int seconds = p.getInt("seconds", 60);
    Path dir = Files.createTempDirectory("fgm-encoding");
    ParquetSettings d = ParquetSettings.defaults();
    Map<String, List<org.apache.flink.core.fs.Path>> inputs = new LinkedHashMap<>();
    // Each column's bytes under each encoding, summed over the fleets: the per-column choice must suit both.
    Map<MetricEncoding, Map<Metric, Long>> total = new EnumMap<>(MetricEncoding.class);
    for (String kind : kinds) {
      inputs.put(kind, stagingFile(dir, kind, containers, seconds));
      System.out.printf("fleet %s, %d containers x %d s, one compaction unit:%n", kind, containers, seconds);
      for (MetricEncoding e : MetricEncoding.values()) {
        ParquetSettings s = d.withMetricEncoding(e);
        Sizes z = measure(dir, inputs.get(kind), "every metric column " + e, s);
        z.bytes.forEach((m, b) -> total.computeIfAbsent(e, k -> new EnumMap<>(Metric.class)).merge(m, b, Long::sum));
        if (p.getBoolean("columns", false)) {
          for (Metric m : Metric.values()) {
            System.out.printf("    %-32s %.3f B/value%n", m.key(),
                z.column(m) / (double) Math.max(1, z.cells.getOrDefault(m, 0L)));
          }
        }
      }
    }
    ParquetSettings best = d.withMetricEncoding(MetricEncoding.PLAIN);
    StringBuilder code = new StringBuilder();
    for (Metric m : Metric.values()) {
      MetricEncoding winner = MetricEncoding.PLAIN;
      for (MetricEncoding e : MetricEncoding.values()) {
        if (total.get(e).getOrDefault(m, 0L) < total.get(winner).getOrDefault(m, 0L)) {
          winner = e;
        }
      }
      best = best.withMetricEncoding(m, winner);
      if (winner != MetricEncoding.PLAIN) {
        code.append(String.format("    %s: %s%n", m.name(), winner));
      }
    }
    System.out.printf("per-column best over %s (PLAIN unless listed):%n%s", kinds, code);
    ParquetSettings current = d;
    for (String kind : kinds) {
      List<org.apache.flink.core.fs.Path> in = inputs.get(kind);
      System.out.printf("fleet %s:%n", kind);
      measure(dir, in, "ParquetSettings.defaults()", current);
      measure(dir, in, "per-column best, ZSTD 3", best);
      measure(dir, in, "per-column best, ZSTD 1", best.withZstdLevel(1));
      measure(dir, in, "per-column best, ZSTD 9", best.withZstdLevel(9));
      if (p.getBoolean("zstd19", false)) {
        measure(dir, in, "per-column best, ZSTD 19", best.withZstdLevel(19));
      }
      measure(dir, in, "per-column best, 64 KiB pages", best.withPageBytes(64 << 10));
      measure(dir, in, "per-column best, v2 pages", best.withWriterV2(true));
      measure(dir, in, "per-column best, container bloom filter", best.withContainerBloomFilter(true));
      Sizes b = sizes(compact(dir, in, current));
      System.out.printf("  defaults: labels + time %.3f B/value; top metric columns:%n",
          b.nonMetric / (double) b.values);
      List<Metric> top = new ArrayList<>(List.of(Metric.values()));
      top.sort((x, y) -> Long.compare(b.column(y), b.column(x)));
      for (Metric m : top.subList(0, Math.min(p.getInt("top", 8), top.size()))) {
        System.out.printf("    %-32s %-32s %,8d B  %.3f B/value%n", m.key(), current.encodingOf(m), b.column(m),
            b.column(m) / (double) Math.max(1, b.cells.getOrDefault(m, 0L)));
      }
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }

  /** One node's samples with the derived rates, as the job's staging writer writes them. */
  private static List<org.apache.flink.core.fs.Path> stagingFile(Path dir, String kind, int containers, int seconds)
      throws Exception {
    Fleet fleet = Fleet.of(kind, 1, containers, 42);
    Map<Integer, CounterSnapshot> last = new HashMap<>();
    long t0 = 1_767_225_600_000L;
    Path staging = dir.resolve("staging-" + kind + ".parquet");
    SampleRowWriter w = new SampleRowWriter(ParquetSettings.defaults().openStagingSamples(new LocalOutputFile(staging)));
    for (int s = 0; s < seconds + 1; s++) {
      for (int c = 0; c < containers; c++) {
        ContainerSample x = fleet.next(c, t0 + s * 1000L);
        CounterSnapshot snap = DerivedRates.snapshot(x.timestampMs(), x.metrics());
        CounterSnapshot prev = last.put(c, snap);
        if (s == 0) {
          continue; // warm-up second: every stored sample has its rates
        }
        Map<String, Double> m = new HashMap<>(x.metrics());
        m.putAll(DerivedRates.derive(prev, snap, 60_000));
        w.addElement(new ContainerSample(x.timestampMs(), x.node(), x.container(), m));
      }
    }
    w.finish();
    return List.of(new org.apache.flink.core.fs.Path(staging.toUri()));
  }

  private static Sizes measure(Path dir, List<org.apache.flink.core.fs.Path> in, String name, ParquetSettings s)
      throws Exception {
    long c0 = System.nanoTime();
    Path out = compact(dir, in, s);
    double ms = (System.nanoTime() - c0) / 1e6;
    Sizes z = sizes(out);
    System.out.printf("  %-48s %.3f B/value (metric columns %.3f, footer %.3f, indexes %.3f), compaction %.0f ms%n",
        name, Files.size(out) / (double) z.values, z.metric / (double) z.values, z.footer / (double) z.values,
        (Files.size(out) - 8 - 4 - z.footer - z.metric - z.nonMetric) / (double) z.values, ms);
    return z;
  }

  private static Path compact(Path dir, List<org.apache.flink.core.fs.Path> in, ParquetSettings s) throws Exception {
    Path out = dir.resolve("compacted.parquet");
    try (OutputStream o = Files.newOutputStream(out)) {
      new SampleRowCompactor(s).compact(in, o);
    }
    return out;
  }

  /** Column chunk bytes of a compacted file. */
  private static final class Sizes {
    final Map<Metric, Long> bytes = new EnumMap<>(Metric.class);
    final Map<Metric, Long> cells = new EnumMap<>(Metric.class);
    long metric;
    long nonMetric;
    long values;
    long footer;

    long column(Metric m) {
      return bytes.getOrDefault(m, 0L);
    }
  }

  private static Sizes sizes(Path f) throws Exception {
    Sizes z = new Sizes();
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
      java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      ch.read(tail, ch.size() - 8);
      z.footer = tail.getInt(0);
    }
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          var m = SampleRows.metricOf(c.getPath().toDotString());
          if (m.isPresent()) {
            long cells = c.getValueCount() - c.getStatistics().getNumNulls();
            z.bytes.merge(m.get(), c.getTotalSize(), Long::sum);
            z.cells.merge(m.get(), cells, Long::sum);
            z.metric += c.getTotalSize();
            z.values += cells;
          } else {
            z.nonMetric += c.getTotalSize();
          }
        }
      }
    }
    return z;
  }
}
