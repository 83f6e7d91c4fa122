package io.fgm.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.findings.FindingsSettings;
import io.fgm.flink.testing.Samples;
import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingCodec;
import io.fgm.schema.FindingKind;
import io.fgm.schema.PartitionPath;
import io.fgm.schema.QosClass;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the streaming studies of {@link IngestJob}: a real KRaft broker, a MiniCluster at parallelism 2, five
 * minutes of planted incidents (time-compressed: produced at once, processed in event time), findings read back
 * from the topic and from Parquet.
 */
class FindingsITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
              .build());

  private static final long T0 = Instant.parse("2026-03-03T10:00:00Z").toEpochMilli();
  private static final int SECONDS = 300;
  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  private static ContainerSample sample(int s, String node, String id, String pod, Map<String, Double> metrics) {
    ContainerRef ref =
        new ContainerRef(id, pod, QosClass.BURSTABLE, "/kubepods/burstable/" + id, false, pod + "-name", "team",
            pod.equals("pod-r") ? "app" : null);
    return new ContainerSample(T0 + s * 1000L, node, ref, metrics);
  }

  /** Planted incidents, one container each, and a flat noisy container that must stay quiet. */
  private static List<ContainerSample> plantedFleet() {
    Random rnd = new Random(42);
    List<ContainerSample> out = new ArrayList<>();
    double stepUs = 0;
    double periodicUs = 0;
    double flatUs = 0;
    double periods = 0;
    double throttled = 0;
    double kills = 0;
    for (int s = 0; s < SECONDS; s++) {
      // CPU counters in µs: the job derives millicores (1 m = 1,000 µs per second).
      stepUs += ((s <= 150 ? 200 : 800) + rnd.nextGaussian() * 15) * 1000;
      out.add(sample(s, "node-1", "c-step", "pod-step", Map.of("cpu.usage_us", stepUs)));
      periodicUs += (500 + 300 * Math.sin(2 * Math.PI * s / 15.0) + rnd.nextGaussian() * 20) * 1000;
      out.add(sample(s, "node-1", "c-periodic", "pod-periodic", Map.of("cpu.usage_us", periodicUs)));
      flatUs += (300 + rnd.nextGaussian() * 30) * 1000;
      out.add(sample(s, "node-2", "c-flat", "pod-flat", Map.of("cpu.usage_us", flatUs,
          "memory.working_set_bytes", 300e6 + rnd.nextGaussian() * 1e6, "memory.limit_bytes", 1e9)));
      // Memory ramps from 200 MB to 1 GB in 200 s; at s = 200 the OOM killer kills it, and it climbs again.
      int phase = s % 200;
      if (s > 0 && phase == 0) {
        kills++;
      }
      out.add(sample(s, "node-2", "c-leak", "pod-leak", Map.of("memory.working_set_bytes",
          200e6 + phase * 4e6 + rnd.nextGaussian() * 2e6, "memory.limit_bytes", 1e9, "memory.events.oom_kill", kills)));
      // Throttled in 60 % of the CFS periods from 60 s to 150 s.
      periods += 10;
      throttled += s > 60 && s <= 150 ? 6 : 0;
      out.add(sample(s, "node-2", "c-throttle", "pod-throttle",
          Map.of("cpu.nr_periods", periods, "cpu.nr_throttled", throttled)));
      // Container "app" of pod-r restarts at 100 s with a new id.
      out.add(sample(s, "node-1", s < 100 ? "c-r1" : "c-r2", "pod-r", Map.of("cpu.usage_us", s * 1e5)));
    }
    out.sort(java.util.Comparator.comparingLong(ContainerSample::timestampMs));
    return out;
  }

  @Test
  void planted_incidents_become_findings_in_the_topic_and_in_parquet_once_each(@TempDir Path dir) throws Exception {
    String topic = "it.findings.samples";
    String findingsTopic = "it.findings";
    Samples.createTopics(kafka, 2, topic, findingsTopic);
    Samples.publish(kafka.bootstrapServers(), topic, plantedFleet());
    Path findingsDir = dir.resolve("findings");

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topic(topic)
            .deadLetterTopic("")
            .podsTopic("")
            .groupId("it-findings")
            .startingOffsets(StartingOffsets.EARLIEST)
            .bounded(true)
            .outputPath(dir.resolve("raw").toUri().toString())
            .findingsTopic(findingsTopic)
            .findingsOutputPath(findingsDir.toUri().toString())
            .findings(FindingsSettings.defaults().withWindow(Duration.ofSeconds(120), Duration.ofSeconds(30))
                .withPeriodicity(Duration.ofSeconds(60), 0.5))
            .checkpointInterval(Duration.ofSeconds(1))
            .restartAttempts(0)
            .build());
    env.execute("findings-it");

    List<Finding> fromTopic = consumeAll(findingsTopic);
    List<Finding> fromParquet = new ArrayList<>();
    for (Path f : StoreReader.committedFiles(findingsDir)) {
      String partition = findingsDir.relativize(f.getParent()).toString();
      StoreReader.footer(f).getBlocks().forEach(b -> b.getColumns()
          .forEach(c -> assertEquals(CompressionCodecName.ZSTD, c.getCodec())));
      StoreReader.records(f).forEach(r -> {
        Finding finding = FindingCodec.fromRecord(r);
        assertEquals(PartitionPath.of(finding.startMs(), finding.node()), partition, "partition of " + finding);
        fromParquet.add(finding);
      });
    }
    assertFalse(StoreReader.committedFiles(findingsDir).isEmpty(), "findings tier written");

    // Readers keep the largest end_ms per id: the topic and the Parquet tier then say the same.
    Map<String, Finding> topicView = latest(fromTopic);
    Map<String, Finding> parquetView = latest(fromParquet);
    assertEquals(topicView, parquetView);

    Finding step = only(topicView, "c-step", FindingKind.CHANGEPOINT);
    assertEquals("cpu.usage_millicores", step.metric());
    assertEquals(T0 + 151_000, step.startMs(), 3_000);
    assertEquals(200, step.details().get("mean_before"), 15);
    assertEquals(800, step.details().get("mean_after"), 15);
    assertEquals("pod-step-name", step.podName(), "names joined");

    Finding periodic = only(topicView, "c-periodic", FindingKind.PERIODIC);
    assertEquals(15, periodic.details().get("period_s"), 1);
    assertTrue(periodic.endMs() >= T0 + 270_000, "extended while it holds: " + periodic);

    Finding oom = only(topicView, "c-leak", FindingKind.OOM_KILL);
    assertEquals(T0 + 200_000, oom.startMs());
    assertEquals(1.0, oom.magnitude());
    assertFalse(of(topicView, "c-leak", FindingKind.MEMORY_LEAK).isEmpty(), "the ramp is a leak");
    assertFalse(of(topicView, "c-leak", FindingKind.MEMORY_NEAR_LIMIT).isEmpty(), "the top of the ramp");
    for (Finding leak : of(topicView, "c-leak", FindingKind.MEMORY_LEAK)) {
      assertTrue(oom.score() > leak.score(), "an OOM kill ranks above a leak");
    }

    Finding throttling = only(topicView, "c-throttle", FindingKind.THROTTLING);
    assertEquals(T0 + 61_000, throttling.startMs(), 2_000);
    assertEquals(T0 + 150_000, throttling.endMs(), 2_000);
    assertEquals(0.6, throttling.magnitude(), 0.01);

    Finding restart = only(topicView, "c-r2", FindingKind.RESTART);
    assertEquals(T0 + 100_000, restart.startMs());
    assertEquals("app", restart.containerName());

    assertTrue(of(topicView, "c-flat", FindingKind.CHANGEPOINT).isEmpty(), () -> "flat: " + topicView);
    assertTrue(of(topicView, "c-flat", FindingKind.PERIODIC).isEmpty(), () -> "flat: " + topicView);
    assertTrue(of(topicView, "c-step", FindingKind.PERIODIC).isEmpty(), "a step is no period");
    assertTrue(of(topicView, "c-r1", FindingKind.RESTART).isEmpty(), "the first container is no restart");
  }

  private static Map<String, Finding> latest(List<Finding> found) {
    return found.stream().collect(Collectors.toMap(Finding::findingId, f -> f,
        (a, b) -> a.endMs() >= b.endMs() ? a : b));
  }

  private static List<Finding> of(Map<String, Finding> view, String containerId, FindingKind kind) {
    return view.values().stream().filter(f -> f.containerId().equals(containerId) && f.kind() == kind).toList();
  }

  private static Finding only(Map<String, Finding> view, String containerId, FindingKind kind) {
    List<Finding> found = of(view, containerId, kind);
    assertEquals(1, found.size(), () -> kind + " of " + containerId + ": " + found);
    return found.get(0);
  }

  /** Everything in the topic (the job has finished, so the sink has flushed). */
  private static List<Finding> consumeAll(String topic) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "findings-reader");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<Finding> out = new ArrayList<>();
    Map<String, Long> keys = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = c.poll(Duration.ofSeconds(1));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          Finding f = FindingCodec.decode(r.value());
          assertEquals(f.kafkaKey(), new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
          keys.merge(f.kafkaKey(), 1L, Long::sum);
          out.add(f);
        }
      }
    }
    return out;
  }
}
