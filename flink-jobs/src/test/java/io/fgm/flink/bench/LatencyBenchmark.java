package io.fgm.flink.bench;

import io.fgm.flink.IngestJob;
import io.fgm.flink.IngestJobConfig;
import io.fgm.flink.StartingOffsets;
import io.fgm.flink.sink.ParquetSettings;
import io.fgm.flink.testing.Samples;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleRows;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;

/**
 * End-to-end latency of the ingest job: a {@link SyntheticFleet} is produced in real time (every container's sample
 * of second t is sent at wall-clock second t, stamped t, as agents do), the unbounded job runs on a local MiniCluster,
 * and a watcher polls the raw tier every 50 ms for newly committed files. Per committed file it reports the delay from
 * sample time to the moment the file was first seen, for the file's oldest and newest sample (footer min/max of
 * {@code time}), as p50/p95/max over the files, beside the bound of the README ((n + 1) × checkpoint interval plus
 * the time to finish the checkpoint and the compaction).
 *
 * <pre>java -cp ... io.fgm.flink.bench.LatencyBenchmark --nodes 10 --containers 100 --seconds 120 \
 *     --checkpoint-seconds 5 --compact 6 [--fleet noisy|realistic]</pre>
 */
public final class LatencyBenchmark {
  private LatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    int nodes = p.getInt("nodes", 10);
    int perNode = p.getInt("containers", 100);
    int seconds = p.getInt("seconds", 120);
    int parallelism = p.getInt("parallelism", 2);
    int checkpointS = p.getInt("checkpoint-seconds", 5);
    int compact = p.getInt("compact", 6);
    Path out = Files.createTempDirectory("fgm-latency");
    Path raw = out.resolve("raw");
    Fleet fleet = Fleet.of(p.get("fleet", "noisy"), nodes, perNode, 42);
    System.out.printf("load average at start: %s%n", IngestBenchmark.loadAverage());
    System.out.printf("%d containers x 1 Hz for %d s (%,d samples/s, ~%,d values/s), checkpoint %d s, compaction "
            + "every %d checkpoints%n", fleet.containers(), seconds, fleet.containers(),
        fleet.containers() * 40, checkpointS, compact);

    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startTemporary()) {
      Samples.createTopics(kafka, p.getInt("partitions", 2), "lat.samples");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
          new Configuration());
      IngestJob.define(env, IngestJobConfig.builder()
          .bootstrapServers(kafka.bootstrapServers())
          .topic("lat.samples")
          .deadLetterTopic("")
          .startingOffsets(StartingOffsets.EARLIEST)
          .outputPath(raw.toUri().toString())
          .rollupOutputPath(p.getBoolean("rollups", true) ? out.resolve("rollup_1m").toUri().toString() : null)
          .findingsTopic(p.getBoolean("findings", true) ? io.fgm.schema.Finding.TOPIC : "")
          .findingsOutputPath(p.getBoolean("findings", true) ? null : "")
          .compactEveryCheckpoints(compact)
          .checkpointInterval(Duration.ofSeconds(checkpointS))
          .parquet(IngestBenchmark.settings(p))
          .parallelism(parallelism)
          .restartAttempts(0)
          .build());
      JobClient job = env.executeAsync("fgm-latency");

      Map<Path, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
      Thread watcher = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          long now = System.currentTimeMillis();
          for (Path f : committed(raw)) {
            seen.putIfAbsent(f, now);
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "commit-watcher");
      watcher.start();

      long lateSends = 0;
      long maxSendLagMs = 0;
      long first = (System.currentTimeMillis() / 1000 + 2) * 1000;
      try (KafkaProducer<byte[], byte[]> producer = Samples.producer(kafka.bootstrapServers())) {
        for (int s = 0; s < seconds; s++) {
          long t = first + s * 1000L;
          long wait = t - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          } else {
            lateSends++;
            maxSendLagMs = Math.max(maxSendLagMs, -wait);
          }
          for (int c = 0; c < fleet.containers(); c++) {
            ContainerSample sample = fleet.next(c, t);
            producer.send(new ProducerRecord<>("lat.samples", null, t, Samples.utf8(sample.kafkaKey()),
                SampleCodec.encode(sample)));
          }
          producer.flush();
        }
      }
      long lastSample = first + (seconds - 1) * 1000L;
      // Wait until the last sample is committed (or give up after 3 × the bound).
      long bound = (compact + 1L) * checkpointS * 1000;
      long deadline = System.currentTimeMillis() + 3 * bound;
      while (System.currentTimeMillis() < deadline && maxTime(seen.keySet()) < lastSample) {
        Thread.sleep(200);
      }
      watcher.interrupt();
      watcher.join();
      job.cancel().get();

      List<long[]> perFile = new ArrayList<>(); // {oldest delay, newest delay}
      long rows = 0;
      long values = 0;
      long bytes = 0;
      for (Map.Entry<Path, Long> e : seen.entrySet()) {
        long[] minMax = timeRange(e.getKey());
        rows += minMax[2];
        values += IngestBenchmark.rowsAndValues(e.getKey())[1];
        bytes += Files.size(e.getKey());
        perFile.add(new long[] {e.getValue() - minMax[0], e.getValue() - minMax[1]});
      }
      System.out.printf("sender: %d of %d seconds sent late (max %d ms); %d committed raw files, %,d rows, "
              + "%,d values, %.3f bytes/value; last sample committed: %s%n", lateSends, seconds, maxSendLagMs,
          perFile.size(), rows, values, (double) bytes / values, maxTime(seen.keySet()) >= lastSample);
      report("oldest sample in file -> visible", perFile.stream().mapToLong(x -> x[0]).sorted().toArray(), bound);
      report("newest sample in file -> visible", perFile.stream().mapToLong(x -> x[1]).sorted().toArray(), bound);
      System.out.printf("load average at end: %s%n", IngestBenchmark.loadAverage());
    } finally {
      try (Stream<Path> walk = Files.walk(out)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
    System.exit(0);
  }

  private static void report(String what, long[] sorted, long boundMs) {
    if (sorted.length == 0) {
      System.out.printf("%s: no files%n", what);
      return;
    }
    System.out.printf("%s (ms): p50 %,d  p95 %,d  max %,d  (README bound (n + 1) x interval = %,d)%n", what,
        sorted[(sorted.length - 1) / 2], sorted[(int) Math.ceil(0.95 * sorted.length) - 1], sorted[sorted.length - 1],
        boundMs);
  }

  private static List<Path> committed(Path raw) {
    if (!Files.isDirectory(raw)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(raw)) {
      return walk.filter(f -> !raw.relativize(f).toString().startsWith("_"))
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of(); // a file renamed while walking: try again at the next poll
    }
  }

  private static long maxTime(Iterable<Path> files) throws IOException {
    long max = Long.MIN_VALUE;
    for (Path f : files) {
      max = Math.max(max, timeRange(f)[1]);
    }
    return max;
  }

  /** {min time, max time, rows} from the footer statistics of {@code time}. */
  private static long[] timeRange(Path f) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : b.getColumns()) {
          if (c.getPath().toDotString().equals(SampleRows.TIME)) {
            Statistics<?> st = c.getStatistics();
            min = Math.min(min, (Long) st.genericGetMin());
            max = Math.max(max, (Long) st.genericGetMax());
          }
        }
      }
      return new long[] {min, max, r.getRecordCount()};
    }
  }
}
