package io.fgm.query.bench;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.RollupFixture;
import io.fgm.schema.SampleRows;
import io.fgm.schema.PartitionPath;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The rollup path under load (a main, not a test): a 7-day store of 100 containers × 3 metrics whose 1-minute
 * rollup tier ({@code rollup_1m}, hourly files per node, min/max/avg/last/count of {@link BenchStore}'s per-second
 * values) covers the 7 days and whose raw tier holds only the last hour, then 7-day requests of 5 containers at
 * ≤ 2,000 points (automatic tier choice: the rollup answers, the raw tier the newest minutes).
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-bench] [clients=4] [requests=25] [repeats=3]}.
 */
public final class RollupBench {
  private static final int DAYS = 7;
  private static final int CONTAINERS = 100;
  private static final int NODES = 2;

  private RollupBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    long start = BenchStore.DEFAULT_START;
    long end = start + DAYS * 86_400_000L;
    Path root = dir.resolve("store-7d-rollup");
    BenchStore raw = new BenchStore(end - 3_600_000L, 1, CONTAINERS, NODES, 2, true);
    if (!Files.exists(root.resolve("_COMPLETE"))) {
      long t0 = System.nanoTime();
      writeRollup(root.resolve("rollup_1m"), start, end);
      Files.writeString(root.resolve("_COMPLETE"), "");
      System.out.printf("wrote %s in %.1f s%n", root, (System.nanoTime() - t0) / 1e9);
    }
    // outside the marker: a rollup store written by an older build gets the raw hour in the current raw layout
    raw.ensure(root);
    QueryConfig config = QueryConfig.builder().storePath(root).rawTier(raw.dirName()).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(end), ZoneOffset.UTC)).build();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    System.out.printf("store %s: %d days x %d containers x %d metrics in the rollup, the last hour raw; %d cores%n",
        root, DAYS, CONTAINERS, BenchStore.METRICS.size(), Runtime.getRuntime().availableProcessors());
    try (QueryServer server = QueryServer.start(config)) {
      String base = "http://127.0.0.1:" + server.port();
      QueryBench.run(http, "timeseries 5 containers x 7 days to <= 2000 points (rollup)", clients, requests,
          repeats, r -> base + "/api/timeseries?metric=" + BenchStore.METRICS.get(r.nextInt(BenchStore.METRICS.size()))
              + "&containers=" + QueryBench.ids(r, 5, CONTAINERS) + "&from=" + start + "&to=" + end + "&points=2000");
    }
  }

  /** One file per hour and node, rows of the rollup schema, values from {@link BenchStore#value}. */
  private static void writeRollup(Path tier, long start, long end) throws IOException {
    for (long hour = start; hour < end; hour += 3_600_000L) {
      for (int n = 0; n < NODES; n++) {
        List<GenericRecord> rows = new ArrayList<>();
        for (long m = hour; m < hour + 3_600_000L; m += 60_000) {
          for (int i = n; i < CONTAINERS; i += NODES) {
            var c = BenchStore.container(i);
            for (int k = 0; k < BenchStore.METRICS.size(); k++) {
              double min = Double.POSITIVE_INFINITY;
              double max = Double.NEGATIVE_INFINITY;
              double sum = 0;
              for (long t = m; t < m + 60_000; t += 1000) {
                double v = BenchStore.value(i, k, t);
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
              }
              GenericRecord r = new GenericData.Record(RollupFixture.SCHEMA);
              r.put("time", m);
              r.put("metric_name", BenchStore.METRICS.get(k));
              r.put("min", min);
              r.put("max", max);
              r.put("avg", sum / 60);
              r.put("last", BenchStore.value(i, k, m + 59_000));
              r.put("count", 60L);
              r.put(SampleRows.CONTAINER_ID, c.containerId());
              r.put(SampleRows.POD_UID, c.podUid());
              r.put(SampleRows.POD_NAME, c.podName());
              r.put(SampleRows.NAMESPACE, c.namespace());
              r.put(SampleRows.CONTAINER_NAME, c.containerName());
              r.put(SampleRows.QOS_CLASS, c.qos().label());
              r.put(SampleRows.NODE_NAME, BenchStore.node(n));
              rows.add(r);
            }
          }
        }
        Path part = tier.resolve(PartitionPath.of(hour, BenchStore.node(n)));
        Files.createDirectories(part);
        try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(
                new LocalOutputFile(part.resolve("part-" + hour + ".parquet")))
            .withSchema(RollupFixture.SCHEMA).withConf(new PlainParquetConfiguration())
            .withCompressionCodec(CompressionCodecName.ZSTD).withDictionaryEncoding(true)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
          for (GenericRecord r : rows) {
            w.write(r);
          }
        }
      }
    }
  }
}
