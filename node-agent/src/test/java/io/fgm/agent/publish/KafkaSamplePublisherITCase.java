package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.agent.NodeAgent;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import io.fgm.testkit.cgroup.KubeLayout;
import io.fgm.testkit.cgroup.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link KafkaSamplePublisher}: the agent publishes to a real embedded KRaft broker. */
class KafkaSamplePublisherITCase {
  static final String ID = "e".repeat(64);
  static final String UID = "11111111-2222-3333-4444-555555555555";
  static EmbeddedKafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void the_running_agent_publishes_decodable_samples_keyed_by_node_and_container() throws Exception {
    broker.createTopics(3, "fgm.samples.it1");
    FakeCgroupFs fs = FakeCgroupFs.v2(dir);
    fs.kubeContainer(KubeLayout.SYSTEMD, KubeLayout.Runtime.CONTAINERD, QosClass.GUARANTEED, UID, ID,
        Usage.of(1_000_000, 64L << 20).burning(250));
    fs.startTicking(Duration.ofMillis(5));
    try (NodeAgent agent = NodeAgent.builder().cgroupRoot(dir).procRoot(dir.resolve("proc")).nodeName("it-node")
        .bootstrapServers(broker.bootstrapServers()).topic("fgm.samples.it1").build().start()) {
      List<ConsumerRecord<String, byte[]>> records = consume("fgm.samples.it1", 2, Duration.ofSeconds(30));
      assertTrue(records.size() >= 2, "got " + records.size());
      ContainerSample first = SampleCodec.decode(records.get(0).value());
      ContainerSample second = SampleCodec.decode(records.get(1).value());
      assertEquals("it-node/" + ID, records.get(0).key());
      assertEquals(first.kafkaKey(), records.get(0).key());
      assertEquals(UID, first.container().podUid());
      assertEquals(QosClass.GUARANTEED, first.container().qos());
      assertEquals(64L << 20, first.value(Metric.MEMORY_CURRENT_BYTES));
      assertEquals(1000, second.timestampMs() - first.timestampMs());
      assertTrue(second.value(Metric.CPU_USAGE_US) > first.value(Metric.CPU_USAGE_US));
      assertTrue(agent.stats().samplesSent.get() >= 2);
    } finally {
      fs.close();
    }
  }

  @Test
  void flush_surfaces_nothing_when_every_sample_was_delivered() {
    broker.createTopics(1, "fgm.samples.it2");
    ContainerSample s = new ContainerSample(5000, "n", io.fgm.schema.ContainerRef.of("c", null, QosClass.NONE, "/c"),
        Map.of("cpu.usage_us", 1.0));
    io.fgm.agent.sample.AgentStats stats = new io.fgm.agent.sample.AgentStats();
    try (KafkaSamplePublisher p = new KafkaSamplePublisher(broker.bootstrapServers(), "fgm.samples.it2", "t", stats)) {
      p.publish(List.of(s, s));
      p.flush();
    }
    assertEquals(2, stats.samplesSent.get());
    assertEquals(1, consume("fgm.samples.it2", 2, Duration.ofSeconds(20)).stream()
        .map(ConsumerRecord::key).distinct().count());
  }

  @Test
  void every_container_of_a_node_lands_in_the_node_partition_in_order() throws Exception {
    broker.createTopics(6, "fgm.samples.it3");
    io.fgm.agent.sample.AgentStats stats = new io.fgm.agent.sample.AgentStats();
    int containers = 20;
    int ticks = 3;
    try (KafkaSamplePublisher p = new KafkaSamplePublisher(broker.bootstrapServers(), "fgm.samples.it3", "t", stats)) {
      for (int t = 0; t < ticks; t++) {
        List<ContainerSample> tick = new ArrayList<>();
        for (int c = 0; c < containers; c++) {
          tick.add(new ContainerSample(1000L * (t + 1), "node-7",
              io.fgm.schema.ContainerRef.of("app/c" + c, null, QosClass.NONE, "/app/c" + c),
              Map.of("cpu.usage_us", (double) t)));
        }
        p.publish(tick);
      }
      p.flush();
    }
    List<ConsumerRecord<String, byte[]>> records =
        consume("fgm.samples.it3", containers * ticks, Duration.ofSeconds(30));
    assertEquals(containers * ticks, records.size());
    int expected = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
        "node-7".getBytes(java.nio.charset.StandardCharsets.UTF_8), 6);
    assertEquals(java.util.Set.of(expected),
        records.stream().map(ConsumerRecord::partition).collect(java.util.stream.Collectors.toSet()));
    assertEquals(containers, records.stream().map(ConsumerRecord::key).distinct().count());
    for (int c = 0; c < containers; c++) {
      String key = "node-7/app/c" + c;
      // in the partition's order (offsets), each container's samples are in tick order
      List<Long> times = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : records.stream().filter(r -> r.key().equals(key))
          .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList()) {
        times.add(SampleCodec.decode(r.value()).timestampMs());
      }
      assertEquals(List.of(1000L, 2000L, 3000L), times, key);
    }
  }

  @Test
  void with_a_delivery_window_records_wait_in_the_batch_until_the_window_ends() throws Exception {
    broker.createTopics(1, "fgm.samples.it4");
    io.fgm.agent.sample.AgentStats stats = new io.fgm.agent.sample.AgentStats();
    Properties props = KafkaSamplePublisher.producerProperties(broker.bootstrapServers(), "t4", "lz4", 5000);
    assertEquals("5000", props.get("linger.ms"), "the batch lingers for the whole window");
    try (KafkaSamplePublisher p =
        new KafkaSamplePublisher(props, "fgm.samples.it4", null, stats, 5000, 1000)) {
      p.publish(List.of(sample(1_796_000_005_000L, "a"), sample(1_796_000_005_000L, "b"))); // window's 1st tick
      p.publish(List.of(sample(1_796_000_006_000L, "a"), sample(1_796_000_006_000L, "b")));
      assertEquals(0, consume("fgm.samples.it4", 1, Duration.ofSeconds(3)).size(),
          "nothing is sent before the window's last tick");
      assertEquals(0, stats.samplesSent.get());
      p.publish(List.of(sample(1_796_000_009_000L, "a"))); // the window's last tick: 10 s starts the next
      List<ConsumerRecord<String, byte[]>> first = consume("fgm.samples.it4", 5, Duration.ofSeconds(20));
      assertEquals(List.of(1_796_000_005_000L, 1_796_000_005_000L, 1_796_000_006_000L, 1_796_000_006_000L,
          1_796_000_009_000L), times(first));
      assertEquals(5, stats.samplesSent.get());
      // a window whose last tick was missed is sent when a tick of a later window arrives, before that tick
      p.publish(List.of(sample(1_796_000_011_000L, "a")));
      p.publish(List.of(sample(1_796_000_016_000L, "a")));
      waitFor(() -> stats.samplesSent.get() == 6, 20);
      p.flush(); // the open window goes now
      assertEquals(7, stats.samplesSent.get());
    }
    List<Long> all = times(consume("fgm.samples.it4", 7, Duration.ofSeconds(20)));
    assertEquals(List.of(1_796_000_011_000L, 1_796_000_016_000L), all.subList(5, all.size()));
  }

  private static List<Long> times(List<ConsumerRecord<String, byte[]>> records) throws Exception {
    List<Long> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      out.add(SampleCodec.decode(r.value()).timestampMs());
    }
    return out;
  }

  private static ContainerSample sample(long tMs, String container) {
    return new ContainerSample(tMs, "node-w", io.fgm.schema.ContainerRef.of(container, null, QosClass.NONE,
        "/" + container), Map.of("cpu.usage_us", 1.0));
  }

  private static void waitFor(java.util.function.BooleanSupplier cond, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!cond.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within " + seconds + " s");
      Thread.sleep(50);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> consume(String topic, int atLeast, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // every call reads the topic from its start
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    return out;
  }
}
