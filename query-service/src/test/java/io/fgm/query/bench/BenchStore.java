package io.fgm.query.bench;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * A deterministic benchmark store in the raw-tier layout (wide SampleRow rows), written the way the Flink job writes
 * it (ZSTD, dictionaries, 1 MiB pages, one row group per file): {@code containers} containers spread over
 * {@code nodes} nodes, one row per second per container with the {@link #METRICS} set (the catalogue's other columns
 * null), one file per node every {@code fileMinutes} minutes, rows in arrival order (second by second, every
 * container) unless {@code sorted}, in which case each file is sorted by (container id, node, time) as compacted
 * files are.
 *
 * <p>A store is written once into a directory named after its parameters and reused by later runs (a
 * {@code _COMPLETE} marker says it was finished).
 */
public record BenchStore(long startMs, int hours, int containers, int nodes, int fileMinutes, boolean sorted) {
  public static final List<String> METRICS = List.of(Metric.CPU_USAGE_MILLICORES.key(),
      Metric.MEMORY_WORKING_SET_BYTES.key(), Metric.MEMORY_CURRENT_BYTES.key());
  public static final long DEFAULT_START = 1_772_323_200_000L; // 2026-03-01T00:00:00Z

  public long endMs() {
    return startMs + hours * 3_600_000L;
  }

  /** Rows in the store: one per container and second. */
  public long rows() {
    return (long) hours * 3600 * containers;
  }

  /** Values in the store: one per container, second and metric (what the long-form layout had as rows). */
  public long values() {
    return rows() * METRICS.size();
  }

  public String dirName() {
    // "-wide": the layout's own directory, so that a store written in the long-form layout before is never reused
    return "store-" + hours + "h-" + containers + "c-" + nodes + "n-" + fileMinutes + "m-wide"
        + (sorted ? "-sorted" : "");
  }

  public static String containerId(int i) {
    return String.format("%064x", 0xbeef_0000L + i); // as long as a real runtime id
  }

  public static ContainerRef container(int i) {
    String[] ns = {"prod", "staging", "jobs", "kube-system"};
    QosClass[] qos = {QosClass.BURSTABLE, QosClass.GUARANTEED, QosClass.BEST_EFFORT};
    return StoreFixture.container(containerId(i), "pod-" + i, ns[i % ns.length], "app-" + i, qos[i % qos.length]);
  }

  public static String node(int n) {
    return "node-" + n;
  }

  /**
   * A query service over the store at {@code root} (written by {@link #ensure} under {@code dir}), its clock at the
   * store's end, loaded from the index snapshot beside it and warmed up: what the profiling mains start from.
   */
  public io.fgm.query.QueryService warmService(Path dir, Path root) {
    io.fgm.query.QueryService service = new io.fgm.query.QueryService(io.fgm.query.QueryConfig.builder()
        .storePath(root)
        .indexSnapshot(dir.resolve(dirName() + ".index"))
        .clock(java.time.Clock.fixed(java.time.Instant.ofEpochMilli(endMs()), java.time.ZoneOffset.UTC))
        .build());
    service.loadIndexSnapshot();
    service.warmUp();
    return service;
  }

  /** Writes the store under {@code parent} unless it is already complete there; returns its root. */
  public Path ensure(Path parent) throws IOException {
    Path root = parent.resolve(dirName());
    if (Files.exists(root.resolve("_COMPLETE"))) {
      return root;
    }
    long t0 = System.nanoTime();
    for (long from = startMs; from < endMs(); from += fileMinutes * 60_000L) {
      for (int n = 0; n < nodes; n++) {
        writeFile(root, n, from, Math.min(endMs(), from + fileMinutes * 60_000L));
      }
    }
    Files.writeString(root.resolve("_COMPLETE"), "");
    System.out.printf("wrote %s (%,d rows) in %.1f s%n", root, rows(), (System.nanoTime() - t0) / 1e9);
    return root;
  }

  private void writeFile(Path root, int node, long from, long to) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    for (int i = node; i < containers; i += nodes) {
      order.add(i);
    }
    if (sorted) { // by (container id, node, time): the compacted layout
      order.sort(Comparator.comparing(BenchStore::containerId));
      for (int i : order) {
        for (long t = from; t < to; t += 1000) {
          rows.add(row(i, node, t));
        }
      }
    } else { // arrival order: second by second, every container
      for (long t = from; t < to; t += 1000) {
        for (int i : order) {
          rows.add(row(i, node, t));
        }
      }
    }
    Path dir = root.resolve(PartitionPath.of(from, node(node)));
    Files.createDirectories(dir);
    // as the Flink job writes the raw tier (flink-jobs ParquetSettings.defaults): ZSTD, dictionaries for every
    // column, 1 MiB pages, one row group per file, no bloom filter
    try (ParquetWriter<GenericRecord> w =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(dir.resolve("part-" + from + ".parquet")))
            .withSchema(SampleRows.SCHEMA)
            .withConf(new PlainParquetConfiguration())
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withDictionaryEncoding(true)
            .withPageSize(1 << 20)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (GenericRecord r : rows) {
        w.write(r);
      }
    }
  }

  private static GenericRecord row(int container, int node, long t) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int m = 0; m < METRICS.size(); m++) {
      values.put(METRICS.get(m), value(container, m, t));
    }
    return StoreFixture.row(t, node(node), container(container), values);
  }

  /**
   * Deterministic, realistic-looking values: CPU in millicores with noise and a daily wave, memory in whole pages
   * creeping up; a function of (container, metric, second) only, so any subset of the store can be rebuilt.
   */
  static double value(int container, int metric, long t) {
    SplittableRandom r = new SplittableRandom(t * 1_000_003L + container * 31L + metric);
    double day = Math.sin((t % 86_400_000L) / 86_400_000.0 * 2 * Math.PI);
    return switch (metric) {
      case 0 -> Math.round((50 + container * 3 + 40 * day + r.nextDouble() * 20) * 10) / 10.0;
      default -> 4096.0 * (25_000 + container * 500 + (t - DEFAULT_START) / 60_000 + r.nextInt(64));
    };
  }
}
