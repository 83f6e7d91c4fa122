package io.fgm.flink.bench;

import io.fgm.flink.IngestJob;
import io.fgm.flink.IngestJobConfig;
import io.fgm.flink.StartingOffsets;
import io.fgm.flink.sink.ParquetSettings;
import io.fgm.flink.testing.Samples;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Throughput of the ingest job on this machine: a seeded {@link SyntheticFleet} is produced into an embedded broker
 * (time compressed: as fast as the producer goes), then the job reads it all (bounded) on a local MiniCluster and
 * commits Parquet. Reports values/s from Kafka to committed Parquet (submit to finish, so it includes start-up and
 * the final commit; values = non-null metric cells of the committed raw tier, rows = samples), the process CPU time
 * spent during the job as values per CPU-second (independent of other load on the machine, unlike values/s; it
 * includes the embedded broker serving the reads), and Parquet bytes per stored value.
 *
 * <pre>java -cp "$(cat target/test-classpath.txt):target/classes:target/test-classes" \
 *     io.fgm.flink.bench.IngestBenchmark --nodes 50 --containers 100 --seconds 60 --parallelism 2 [--findings false]
 *     [--warmup-seconds 60]</pre>
 *
 * <p>{@code --warmup-seconds n} first runs the same job over n seconds of another fleet instance (own topic and
 * store) in the same JVM, so that the measured run is JIT-compiled, as a long-running job is; without it the
 * measured CPU includes compiling Flink, Kafka, Parquet and fgm code (about a third of it on 2026-11-25).
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    int nodes = p.getInt("nodes", 50);
    int perNode = p.getInt("containers", 100);
    int seconds = p.getInt("seconds", 30);
    int parallelism = p.getInt("parallelism", 2);
    int partitions = p.getInt("partitions", 2);
    Path out = Files.createTempDirectory("fgm-bench");
    Fleet fleet = Fleet.of(p.get("fleet", "noisy"), nodes, perNode, 42);
    System.out.printf("load average at start: %s%n", loadAverage());

    long start = 1_767_225_600_000L;
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startTemporary()) {
      int warmupSeconds = p.getInt("warmup-seconds", 0);
      if (warmupSeconds > 0) {
        // Same fleet and job on a topic and store of their own, so that the measured job runs JIT-compiled code
        // (a long-running job's state); its figures are printed but not the RESULT.
        Path warmOut = Files.createTempDirectory("fgm-bench-warmup");
        Samples.createTopics(kafka, partitions, "bench.warmup");
        produce(kafka, Fleet.of(p.get("fleet", "noisy"), nodes, perNode, 7), "bench.warmup", warmupSeconds,
            start - 86_400_000L, partitions, "warm-up: ");
        long[] warm = runJob(p, kafka, "bench.warmup", warmOut, parallelism);
        System.out.printf("warm-up: job %.1f s, %.1f CPU-s%n", warm[0] / 1e9, warm[1] / 1e9);
        CommittedSamples.check(warmOut.resolve("raw"), nodes * perNode, warmupSeconds, start - 86_400_000L, "warm-up: ");
        deleteRecursively(warmOut);
      }
      Samples.createTopics(kafka, partitions, "bench.samples");
      double sentPerSample = produce(kafka, fleet, "bench.samples", seconds, start, partitions, "");
      long[] job = runJob(p, kafka, "bench.samples", out, parallelism);
      double jobS = job[0] / 1e9;
      double cpuS = job[1] / 1e9;

      long rows = 0;
      long values = 0;
      long bytes = 0;
      int files = 0;
      Path raw = out.resolve("raw");
      // Files.walk would fail on the checkpoint directories Flink may still be deleting; hidden files are uncommitted.
      List<Path> dataFiles = CommittedSamples.dataFiles(raw);
      for (Path f : dataFiles) {
        if (f.getFileName().toString().startsWith(".")) {
          continue;
        }
        files++;
        bytes += Files.size(f);
        long[] rv = rowsAndValues(f);
        rows += rv[0];
        values += rv[1];
      }
      boolean complete = CommittedSamples.check(raw, fleet.containers(), seconds, start, "");
      long rollupBytes = dirBytes(out.resolve("rollup_1m"));
      List<Path> hidden = dataFiles.stream().filter(x -> x.getFileName().toString().startsWith(".")).toList();
      if (!hidden.isEmpty()) {
        System.out.printf("WARNING: %d hidden (uncommitted) files left, e.g. %s%n", hidden.size(), hidden.get(0));
      }
      System.out.printf(
          "job: %,d values in %,d rows, %,d raw files (%.1f MB) in %.1f s from submit: %,.0f values/s, %,.0f rows/s; "
              + "%.1f CPU-s: %,.0f values/CPU-s; %.3f bytes/value; rollup tier %.2f MB (%.1f%% of raw)%n",
          values, rows, files, bytes / 1e6, jobS, values / jobS, rows / jobS, cpuS, values / cpuS,
          (double) bytes / values, rollupBytes / 1e6, 100.0 * rollupBytes / bytes);
      CheckpointedOffsets.Rate steady = lastSustained;
      double storedPerSample = (double) values / rows;
      System.out.printf("sustained (checkpoint offsets, %s): %,.0f samples/s = %,.0f values/s sent by agents (%.1f per "
              + "sample), %,.0f stored values/s%n", steady, steady.samplesPerSecond(),
          steady.samplesPerSecond() * sentPerSample, sentPerSample,
          steady.samplesPerSecond() * storedPerSample);
      System.out.printf("RESULT layout=wide complete=%s values=%d rows=%d jobS=%.2f cpuS=%.2f values/s=%.0f rows/s=%.0f "
          + "values/cpu-s=%.0f bytes/value=%.3f sustained-samples/s=%.0f sustained-sent-values/s=%.0f load=%s%n",
          complete, values, rows, jobS, cpuS, values / jobS, rows / jobS, values / cpuS, (double) bytes / values,
          steady.samplesPerSecond(), steady.samplesPerSecond() * sentPerSample, loadAverage());
    } finally {
      if (p.getBoolean("keep", false)) {
        System.out.println("output kept in " + out);
      } else {
        deleteRecursively(out);
      }
    }
    System.exit(0);
  }

  /** Produces {@code seconds} of the fleet's samples from {@code start} into {@code topic} and reports the rate. */
  /** Returns the mean number of metric values per sample sent. */
  private static double produce(EmbeddedKafkaBroker kafka, Fleet fleet, String topic, int seconds, long start,
    int partitions, String label) throws Exception {
    long samples = (long) fleet.containers() * seconds;
    long t0 = System.nanoTime();
    long wireBytes = 0;
    long producedValues = 0;
    java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicReference<Exception> firstError = new java.util.concurrent.atomic.AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = Samples.producer(kafka.bootstrapServers())) {
      for (int s = 0; s < seconds; s++) {
        for (int c = 0; c < fleet.containers(); c++) {
          ContainerSample sample = fleet.next(c, start + s * 1000L);
          byte[] value = SampleCodec.encode(sample);
          wireBytes += value.length;
          producedValues += sample.metrics().size();
          producer.send(new ProducerRecord<>(topic, null, sample.timestampMs(),
              Samples.utf8(sample.kafkaKey()), value), (md, e) -> {
                if (e != null) {
                  failed.incrementAndGet();
                  firstError.compareAndSet(null, e);
                }
              });
        }
      }
      producer.flush();
    }
    double produceS = (System.nanoTime() - t0) / 1e9;
    long inKafka = recordsIn(kafka, topic, partitions);
    if (failed.get() > 0 || inKafka != samples) {
      // A run over partial input would measure, and check, something else: stop here.
      throw new IllegalStateException(String.format("benchmark input incomplete: %,d of %,d samples reached Kafka, "
          + "%,d sends failed (first: %s)", inKafka, samples, failed.get(), firstError.get()));
    }
    System.out.printf(label + "produced %,d samples (%,d values, %.1f MB encoded) in %.1f s: %,.0f values/s%n",
        samples, producedValues, wireBytes / 1e6, produceS, producedValues / produceS);
    return (double) producedValues / samples;
  }

  /** Runs the job bounded over {@code topic} into {@code out}: {wall ns from submit to finish, process CPU ns}. */
  private static long[] runJob(ParameterTool p, EmbeddedKafkaBroker kafka, String topic, Path out, int parallelism)
      throws Exception {
    Configuration conf = new Configuration();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .deadLetterTopic("")
            .startingOffsets(StartingOffsets.EARLIEST)
            .bounded(true)
            .outputPath(out.resolve("raw").toUri().toString())
            .rollupOutputPath(p.getBoolean("rollups", true) ? out.resolve("rollup_1m").toUri().toString() : null)
            .compactEveryCheckpoints(p.getInt("compact", IngestJobConfig.DEFAULT_COMPACT_EVERY_CHECKPOINTS))
            // streaming studies and events (findings topic + tier beside raw/); --findings false to leave them out
            .findingsTopic(p.getBoolean("findings", true) ? io.fgm.schema.Finding.TOPIC : "")
            .findingsOutputPath(p.getBoolean("findings", true) ? null : "")
            .checkpointInterval(Duration.ofSeconds(p.getInt("checkpoint-seconds", 10)))
            .parquet(settings(p))
            .parallelism(parallelism)
            .restartAttempts(0)
            .build());
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t1 = System.nanoTime();
    try (CheckpointedOffsets offsets = new CheckpointedOffsets(kafka, IngestJobConfig.DEFAULT_GROUP_ID, topic)) {
      env.execute("fgm-bench");
      long[] run = {System.nanoTime() - t1, os.getProcessCpuTime() - cpu0};
      lastSustained = offsets.sustained();
      return run;
    }
  }

  /** The steady-state rate of the last {@link #runJob}, from its checkpoints' Kafka offsets (NaN: too few). */
  private static CheckpointedOffsets.Rate lastSustained;

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static long recordsIn(EmbeddedKafkaBroker kafka, String topic, int partitions) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> q = new HashMap<>();
      for (int i = 0; i < partitions; i++) {
        q.put(new org.apache.kafka.common.TopicPartition(topic, i), org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      return admin.listOffsets(q).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
  }

  /** {rows, non-null metric cells} of a committed raw-tier file, from its footer statistics. */
  static long[] rowsAndValues(Path f) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      long values = 0;
      for (org.apache.parquet.hadoop.metadata.BlockMetaData b : r.getFooter().getBlocks()) {
        for (org.apache.parquet.hadoop.metadata.ColumnChunkMetaData c : b.getColumns()) {
          if (io.fgm.schema.SampleRows.metricOf(c.getPath().toDotString()).isPresent()) {
            if (!c.getStatistics().isNumNullsSet()) {
              throw new IllegalStateException("no null counts in " + f + " (a staging file?)");
            }
            values += c.getValueCount() - c.getStatistics().getNumNulls();
          }
        }
      }
      return new long[] {r.getRecordCount(), values};
    }
  }

  /** The job's Parquet settings with the benchmark's overrides. */
  static ParquetSettings settings(ParameterTool p) {
    ParquetSettings d = ParquetSettings.defaults();
    ParquetSettings s = d.withZstdLevel(p.getInt("zstd-level", d.zstdLevel()))
        .withWriterV2(p.getBoolean("writer-v2", d.writerV2()))
        .withContainerBloomFilter(p.getBoolean("bloom-filter", d.containerBloomFilter()));
    if (p.has("metric-encoding")) {
      s = s.withMetricEncoding(ParquetSettings.MetricEncoding.valueOf(p.get("metric-encoding")));
    }
    return s;
  }

  private static long dirBytes(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      long sum = 0;
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        sum += Files.size(f);
      }
      return sum;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
