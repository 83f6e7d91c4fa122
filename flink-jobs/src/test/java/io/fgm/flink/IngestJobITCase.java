package io.fgm.flink;

import static io.fgm.flink.testing.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.source.DeadLetterSerializer;
import io.fgm.flink.testing.Samples;
import io.fgm.flink.testing.StoreReader;
import io.fgm.flink.testing.StoreReader.Row;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleRows;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import java.util.Arrays;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link IngestJob}: a real KRaft broker, a MiniCluster at parallelism 2, real Parquet files. */
class IngestJobITCase {
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
              .build());

  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /** Two seconds before a UTC midnight, so one container's samples fall in two day partitions. */
  private static final long T0 = Instant.parse("2026-03-01T23:59:58Z").toEpochMilli();

  @Test
  void samples_become_committed_parquet_with_millicores_per_container_and_second(@TempDir Path store)
      throws Exception {
    String topic = "it.samples.basic";
    String dlq = "it.samples.basic.dlq";
    Samples.createTopics(kafka, 2, topic, dlq);

    List<ContainerSample> samples = new ArrayList<>();
    // node-1/c-a: a steady quarter core, one sample missing (t=3 s), which must not double the rate.
    double[] aUsage = {0, 250_000, 500_000, Double.NaN, 1_000_000};
    // node-2/c-b: 1.5 cores, then a restart resets the counter at t=3 s.
    double[] bUsage = {0, 1_500_000, 3_000_000, 100_000, 1_600_000};
    for (int i = 0; i < 5; i++) {
      long t = T0 + i * 1000L;
      if (!Double.isNaN(aUsage[i])) {
        // memory.peak_bytes NaN = not collected: stored as null, like an absent metric
        samples.add(sample(t, "node-1", "c-a", Map.of("cpu.usage_us", aUsage[i], "memory.current_bytes", 1e6 + i,
            "memory.peak_bytes", Double.NaN)));
      }
      // x.future_metric: a metric of a newer agent, not in the catalogue: counted, the rest of the sample stored
      samples.add(sample(t, "node-2", "c-b", Map.of("cpu.usage_us", bUsage[i], "memory.current_bytes", 2e6 + i,
          "x.future_metric", 42.0)));
    }
    Samples.publish(kafka.bootstrapServers(), topic, samples);
    Samples.publishRaw(kafka.bootstrapServers(), topic, "node-1/c-a", "not a sample".getBytes(StandardCharsets.UTF_8));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .deadLetterTopic(dlq)
            .groupId("it-basic")
            .startingOffsets(StartingOffsets.EARLIEST)
            .bounded(true)
            .outputPath(store.toUri().toString())
            .checkpointInterval(Duration.ofSeconds(1))
            .restartAttempts(0)
            .build());
    JobExecutionResult result = env.execute("ingest-it");

    // Nothing in progress is left behind, compaction merged the two subtasks' files of each partition, and the
    // hive layout follows the samples' own (UTC) days.
    assertTrue(
        StoreReader.allFiles(store).stream()
            .map(p -> p.getFileName().toString())
            .allMatch(n -> n.startsWith("compacted-part-") && n.endsWith(".parquet")),
        () -> "only committed, compacted part files expected: " + StoreReader.allFiles(store));
    assertEquals(4, StoreReader.allFiles(store).size(), "one file per partition");
    Set<String> partitions =
        StoreReader.committedFiles(store).stream()
            .map(p -> store.relativize(p.getParent()).toString())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        Set.of("dt=2026-03-01/node=node-1", "dt=2026-03-02/node=node-1", "dt=2026-03-01/node=node-2",
            "dt=2026-03-02/node=node-2"),
        partitions);

    List<Row> rows = StoreReader.rows(store);
    Map<String, Map<Long, Double>> millicores = new TreeMap<>();
    for (Row r : rows) {
      if (r.metric().equals("cpu.usage_millicores")) {
        millicores.computeIfAbsent(r.containerId(), k -> new TreeMap<>()).put((r.time() - T0) / 1000, r.value());
      }
      assertTrue(r.partition().endsWith("node=" + r.node()), () -> "row in the wrong partition: " + r);
    }
    assertEquals(
        Map.of(
            "c-a", Map.of(1L, 250.0, 2L, 250.0, 4L, 250.0),
            "c-b", Map.of(1L, 1500.0, 2L, 1500.0, 4L, 1500.0)),
        millicores);

    // Every raw value is stored exactly once, beside the derived ones.
    Map<String, Long> perKey =
        rows.stream()
            .collect(Collectors.groupingBy(r -> r.containerId() + "|" + r.metric() + "|" + r.time(),
                Collectors.counting()));
    assertTrue(perKey.values().stream().allMatch(n -> n == 1), () -> "duplicates: " + perKey);
    assertEquals(9 * 2 + 6, rows.size(), "9 samples × 2 raw metrics + 6 millicore values");
    assertEquals(5L, counterSum(result, "unknownMetricValues"), "c-b's 5 values of x.future_metric");
    // One wide row per sample; the NaN and every metric not in a sample are null.
    List<GenericRecord> wide = StoreReader.sampleRows(store);
    assertEquals(9, wide.size());
    for (GenericRecord r : wide) {
      assertEquals(null, r.get("memory_peak_bytes"), r::toString);
      assertEquals(null, r.get("io_read_bytes"), r::toString);
      assertNotNull(r.get("memory_current_bytes"), r::toString);
    }
    assertEquals(Set.of("Burstable"), rows.stream().map(Row::qos).collect(Collectors.toSet()));

    // ZSTD in every committed file.
    for (Path f : StoreReader.committedFiles(store)) {
      for (BlockMetaData block : StoreReader.footer(f).getBlocks()) {
        Map<String, ColumnChunkMetaData> cols =
            block.getColumns().stream()
                .collect(Collectors.toMap(c -> c.getPath().toDotString(), Function.identity()));
        cols.values().forEach(c -> assertEquals(CompressionCodecName.ZSTD, c.getCodec(), f::toString));
        // Parquet skips the bloom filter when the dictionary already lists every value (an exact filter).
        ColumnChunkMetaData ids = cols.get(SampleRows.CONTAINER_ID);
        assertTrue(
            ids.getBloomFilterOffset() >= 0 || !ids.getEncodingStats().hasNonDictionaryEncodedPages(),
            "container ids are findable by dictionary or bloom filter");
      }
    }

    // The poison record went to the dead-letter topic with its reason, and was counted.
    List<ConsumerRecord<byte[], byte[]>> dead = consumeAll(dlq, 1);
    assertEquals(1, dead.size());
    assertEquals("not a sample", new String(dead.get(0).value(), StandardCharsets.UTF_8));
    assertEquals("bad-header", header(dead.get(0), DeadLetterSerializer.REASON));
    assertEquals(topic + "-", header(dead.get(0), DeadLetterSerializer.SOURCE).replaceAll("\\d+@\\d+$", ""));
    assertEquals(1L, counterSum(result, "deadLetters"));
  }

  @Test
  void one_minute_rollups_are_written_to_their_own_tier(@TempDir Path dir) throws Exception {
    String topic = "it.samples.rollup";
    Samples.createTopics(kafka, 2, topic);
    long m0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    List<ContainerSample> samples = new ArrayList<>();
    for (int s = 0; s < 180; s++) {
      // 0.5 cores; memory climbs by 1 kB per second within each minute.
      samples.add(sample(m0 + s * 1000L, "node-9", "c-r",
          Map.of("cpu.usage_us", s * 500_000.0, "memory.current_bytes", 1e6 + (s % 60) * 1000.0)));
    }
    Samples.publish(kafka.bootstrapServers(), topic, samples);
    Path raw = dir.resolve("raw");
    Path rollup = dir.resolve("rollup_1m");

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .deadLetterTopic("")
            .groupId("it-rollup")
            .startingOffsets(StartingOffsets.EARLIEST)
            .bounded(true)
            .outputPath(raw.toUri().toString())
            .rollupOutputPath(rollup.toUri().toString())
            .checkpointInterval(Duration.ofSeconds(1))
            .restartAttempts(0)
            .build());
    env.execute("rollup-it");

    assertEquals(180 * 2 + 179, StoreReader.rows(raw).size(), "raw tier untouched by the rollups");
    Map<String, GenericRecord> byKey = new TreeMap<>();
    for (Path f : StoreReader.committedFiles(rollup)) {
      assertEquals("dt=2026-03-02/node=node-9", rollup.relativize(f.getParent()).toString());
      for (GenericRecord r : StoreReader.records(f)) {
        long minute = ((Long) r.get("time") - m0) / 60_000;
        GenericRecord previous = byKey.put(r.get("metric_name") + "@" + minute, r);
        assertEquals(null, previous, "one rollup row per metric and minute");
      }
    }
    assertEquals(9, byKey.size(), "3 metrics × 3 minutes");
    for (int m = 0; m < 3; m++) {
      GenericRecord mem = byKey.get("memory.current_bytes@" + m);
      assertEquals(1e6, (Double) mem.get("min"));
      assertEquals(1e6 + 59_000, (Double) mem.get("max"));
      assertEquals(1e6 + 29_500, (Double) mem.get("avg"), 1e-6);
      assertEquals(1e6 + 59_000, (Double) mem.get("last"));
      assertEquals(60L, mem.get("count"));
      GenericRecord cpu = byKey.get("cpu.usage_millicores@" + m);
      assertEquals(500.0, (Double) cpu.get("min"), 1e-9);
      assertEquals(500.0, (Double) cpu.get("max"), 1e-9);
      assertEquals(m == 0 ? 59L : 60L, cpu.get("count"), "the first sample has no rate");
      assertEquals("c-r", cpu.get("l_container_id").toString());
    }
  }

  @Test
  void pod_names_are_joined_from_the_pod_metadata_topic_and_every_version_lands_in_the_pods_tier(@TempDir Path store)
      throws Exception {
    String topic = "it.samples.enrich";
    String pods = "it.pods.enrich";
    Samples.createTopics(kafka, 2, topic, pods);
    PodMetadata web = new PodMetadata("pod-c-named", "web-0", "shop", "node-1", "Burstable",
        Map.of("app", "web", "team", "shop"), Map.of("c-named", "nginx"), Instant.parse("2026-03-03T07:59:00Z")
            .toEpochMilli());
    try (KafkaProducer<byte[], byte[]> p = Samples.producer(kafka.bootstrapServers())) {
      p.send(new ProducerRecord<>(pods, Samples.utf8("pod-c-named"), PodMetadataCodec.encode(web)));
      p.send(new ProducerRecord<>(pods, Samples.utf8("pod-gone"), null)); // a tombstone of a pod never seen
      p.flush();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .podsTopic(pods)
            .deadLetterTopic("")
            .groupId("it-enrich")
            .startingOffsets(StartingOffsets.EARLIEST)
            .outputPath(store.resolve("raw").toUri().toString())
            .compactEveryCheckpoints(0)
            .checkpointInterval(Duration.ofMillis(500))
            .restartAttempts(0)
            .build());
    JobClient job = env.executeAsync("enrich-it");
    try {
      // Offsets are committed when a checkpoint completes, after the metadata before them reached the state.
      awaitCommitted("it-enrich-pods", pods, 2);
      long t0 = Instant.parse("2026-03-03T08:00:00Z").toEpochMilli();
      List<ContainerSample> samples = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        samples.add(sample(t0 + i * 1000L, "node-1", "c-named", Map.of("cpu.usage_us", i * 1e5)));
        samples.add(sample(t0 + i * 1000L, "node-1", "c-unknown", Map.of("cpu.usage_us", i * 1e5)));
      }
      Samples.publish(kafka.bootstrapServers(), topic, samples);
      List<Row> rows = awaitRows(store.resolve("raw"), 10);
      for (Row r : rows) {
        if (r.containerId().equals("c-named")) {
          assertEquals(List.of("web-0", "shop", "nginx"), List.of(r.podName(), r.namespace(), r.containerName()));
        } else {
          assertEquals(Arrays.asList(null, null, null), Arrays.asList(r.podName(), r.namespace(),
              r.containerName()), "no metadata: stored without names, not held back");
        }
      }
      // the pods tier keeps the version (labels included) so that it outlives the pod; the tombstone is not a row
      assertEquals(List.of(web), awaitPodRows(store.resolve(PodMetadata.STORE_DIR).resolve("dt=2026-03-03"), 1));
    } finally {
      job.cancel().get();
    }
  }

  private static void awaitCommitted(String group, String topic, long offsets) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin admin = kafka.admin()) {
      while (System.nanoTime() < deadline) {
        long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()
            .stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        if (committed >= offsets) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("pod metadata not consumed within 60 s");
  }

  private static List<PodMetadata> awaitPodRows(Path day, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<PodMetadata> pods = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      pods.clear();
      if (java.nio.file.Files.isDirectory(day)) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(day)) {
          for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
            try (org.apache.parquet.hadoop.ParquetReader<GenericRecord> reader =
                org.apache.parquet.avro.AvroParquetReader.<GenericRecord>builder(
                        new org.apache.parquet.io.LocalInputFile(f))
                    .withDataModel(org.apache.avro.generic.GenericData.get())
                    .build()) {
              for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                pods.add(PodMetadataCodec.fromRecord(r));
              }
            }
          }
        }
      }
      if (pods.size() >= expected) {
        return pods;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("expected " + expected + " pod rows under " + day + ", found " + pods);
  }

  private static List<Row> awaitRows(Path store, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<Row> rows = List.of();
    while (System.nanoTime() < deadline) {
      rows = StoreReader.rows(store);
      if (rows.size() >= expected) {
        return rows;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("expected " + expected + " rows, found " + rows);
  }

  private static long counterSum(JobExecutionResult result, String name) {
    return REPORTER.findMetrics(result.getJobID(), name).entrySet().stream()
        .filter(e -> e.getKey().endsWith("." + name) && e.getValue() instanceof Counter)
        .mapToLong(e -> ((Counter) e.getValue()).getCount())
        .sum();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    assertNotNull(r.headers().lastHeader(key), key);
    return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // One more poll catches anything beyond the expected count.
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }
}
