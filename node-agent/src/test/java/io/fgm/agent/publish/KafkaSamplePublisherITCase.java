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

  private static List<ConsumerRecord<String, byte[]>> consume(String topic, int atLeast, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
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
