package io.fgm.flink.testing;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test samples and a producer that publishes them the way the agent does (key node/containerId, codec bytes). */
public final class Samples {
  private Samples() {}

  public static ContainerSample sample(long ms, String node, String containerId, Map<String, Double> metrics) {
    ContainerRef ref =
        ContainerRef.of(containerId, "pod-" + containerId, QosClass.BURSTABLE, "/kubepods/burstable/" + containerId);
    return new ContainerSample(ms, node, ref, metrics);
  }

  /**
   * Creates topics that keep their records forever. Tests use fixed dates in the past, and Kafka's default 7-day
   * retention applies to record timestamps: the broker's first retention pass (30 s after start) would delete
   * records not yet read.
   */
  public static void createTopics(EmbeddedKafkaBroker kafka, int partitions, String... topics) {
    try (Admin admin = kafka.admin()) {
      List<NewTopic> newTopics = new java.util.ArrayList<>();
      for (String t : topics) {
        newTopics.add(new NewTopic(t, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
      }
      admin.createTopics(newTopics).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + List.of(topics), e);
    }
  }

  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    // Test and benchmark input must arrive whole: on a loaded machine the default 2 minutes let batches expire
    // (10 samples of a benchmark's 180,000 did on 2026-11-25 at a load of 31, and the run reported them as missing).
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
    return new KafkaProducer<>(p);
  }

  /** Publishes the samples in order and waits until the broker has them all. */
  public static void publish(String bootstrapServers, String topic, List<ContainerSample> samples) {
    try (KafkaProducer<byte[], byte[]> p = producer(bootstrapServers)) {
      for (ContainerSample s : samples) {
        p.send(new ProducerRecord<>(topic, null, s.timestampMs(), utf8(s.kafkaKey()), SampleCodec.encode(s)));
      }
      p.flush();
    }
  }

  public static void publishRaw(String bootstrapServers, String topic, String key, byte[] value) {
    try (KafkaProducer<byte[], byte[]> p = producer(bootstrapServers)) {
      p.send(new ProducerRecord<>(topic, utf8(key), value));
      p.flush();
    }
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
