package io.fgm.flink.sink;

import io.fgm.flink.bench.Fleet;
import io.fgm.flink.rates.CounterSnapshot;
import io.fgm.flink.rates.DerivedRates;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.MetricRows;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Bytes per stored value of one compaction unit (one node's containers for {@code --seconds}, the raw metrics plus
 * the rates the job derives, {@link DerivedRates}) written through the job's own staging writer and
 * {@link SortedParquetCompactor}, for several encodings of the compacted file and for the noisy or the realistic
 * fleet; also the value column's bytes per metric (each metric's series written alone), to see which series cost.
 *
 * <pre>java -cp ... io.fgm.flink.sink.EncodingStudy --fleet realistic --containers 100 --seconds 60</pre>
 */
public final class EncodingStudy {
  private EncodingStudy() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    String kind = p.get("fleet", "noisy");
    int containers = p.getInt("containers", 100);
    int seconds = p.getInt("seconds", 60);
    Fleet fleet = Fleet.of(kind, 1, containers, 42);
    Path dir = Files.createTempDirectory("fgm-encoding");
    List<ContainerSample> samples = new ArrayList<>();
    Map<Integer, CounterSnapshot> last = new HashMap<>();
    long t0 = 1_767_225_600_000L;
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
        samples.add(new ContainerSample(x.timestampMs(), x.node(), x.container(), m));
      }
    }
    Path staging = dir.resolve("staging.parquet");
    MetricRowWriter w = new MetricRowWriter(ParquetSettings.defaults().openStagingRows(new LocalOutputFile(staging)));
    for (ContainerSample x : samples) {
      w.addElement(x);
    }
    w.finish();
    List<org.apache.flink.core.fs.Path> in = List.of(new org.apache.flink.core.fs.Path(staging.toUri()));
    System.out.printf("fleet %s: %d containers x %d s, staging file %.3f B/value%n", kind, containers, seconds,
        Files.size(staging) / (double) rows(staging));

    Map<String, ParquetSettings> variants = new java.util.LinkedHashMap<>();
    ParquetSettings d = ParquetSettings.defaults();
    variants.put("default (BYTE_STREAM_SPLIT, ZSTD 3)", d);
    variants.put("plain doubles, ZSTD 3", d.withValueEncoding(false, false));
    variants.put("value dictionary (fallback BSS), ZSTD 3", d.withValueEncoding(true, true));
    variants.put("BYTE_STREAM_SPLIT, ZSTD 9", d.withZstdLevel(9));
    variants.put("BYTE_STREAM_SPLIT, ZSTD 19", d.withZstdLevel(19));
    variants.put("value dictionary, ZSTD 19", d.withValueEncoding(true, true).withZstdLevel(19));
    for (Map.Entry<String, ParquetSettings> v : variants.entrySet()) {
      Path out = dir.resolve("compacted.parquet");
      long c0 = System.nanoTime();
      try (OutputStream o = Files.newOutputStream(out)) {
        new SortedParquetCompactor(v.getValue()).compact(in, o);
      }
      double ms = (System.nanoTime() - c0) / 1e6;
      long rows = rows(out);
      System.out.printf("  %-42s %.3f B/value (value column %.3f), compaction %.0f ms%n", v.getKey(),
          Files.size(out) / (double) rows, valueBytes(out) / (double) rows, ms);
    }

    // Value-column bytes per metric: each metric's rows alone, default encoding.
    TreeMap<Double, String> perMetric = new TreeMap<>(java.util.Collections.reverseOrder());
    Map<String, List<ContainerSample>> byMetric = new TreeMap<>();
    for (ContainerSample x : samples) {
      for (Map.Entry<String, Double> e : x.metrics().entrySet()) {
        byMetric.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
            .add(new ContainerSample(x.timestampMs(), x.node(), x.container(), Map.of(e.getKey(), e.getValue())));
      }
    }
    long totalRows = 0;
    double totalValueBytes = 0;
    for (Map.Entry<String, List<ContainerSample>> e : byMetric.entrySet()) {
      Path f = dir.resolve("metric.parquet");
      MetricRowWriter mw = new MetricRowWriter(d.openRows(new LocalOutputFile(f)));
      for (ContainerSample x : e.getValue()) {
        mw.addElement(x);
      }
      mw.finish();
      long vb = valueBytes(f);
      totalRows += e.getValue().size();
      totalValueBytes += vb;
      perMetric.put(vb / (double) e.getValue().size() + 1e-9 * perMetric.size(), e.getKey());
      Files.delete(f);
    }
    System.out.printf("  value column per metric (written alone, default encoding; %d metrics, mean %.3f B/value):%n",
        byMetric.size(), totalValueBytes / totalRows);
    int n = 0;
    for (Map.Entry<Double, String> e : perMetric.entrySet()) {
      if (n++ < p.getInt("top", 12)) {
        System.out.printf("    %-36s %.3f B/value%n", e.getValue(), e.getKey());
      }
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }

  private static long rows(Path f) throws Exception {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      return r.getRecordCount();
    }
  }

  private static long valueBytes(Path f) throws Exception {
    long sum = 0;
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          if (c.getPath().toDotString().equals(MetricRows.VALUE)) {
            sum += c.getTotalSize();
          }
        }
      }
    }
    return sum;
  }
}
