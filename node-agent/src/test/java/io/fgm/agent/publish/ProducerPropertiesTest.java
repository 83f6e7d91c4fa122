package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Tests for {@link KafkaSamplePublisher#producerProperties} and its {@code -Dfgm.kafka.*} overrides. */
class ProducerPropertiesTest {
  @Test
  void the_defaults_keep_idempotence_compression_and_no_metric_reporters() {
    Properties p = KafkaSamplePublisher.producerProperties("127.0.0.1:9", "c", "lz4");
    assertEquals("true", p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
    assertEquals("lz4", p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
    assertEquals("false", p.get(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG));
    assertEquals(NodePartitioner.class.getName(), p.get(ProducerConfig.PARTITIONER_CLASS_CONFIG));
  }

  @Test
  void properties_prefixed_fgm_kafka_override_the_producer_settings_and_nothing_else() {
    Properties from = new Properties();
    from.setProperty("fgm.kafka.batch.size", "262144");
    from.setProperty("fgm.kafka.", "ignored: no property name");
    from.setProperty("java.version", "17");
    Properties to = KafkaSamplePublisher.producerProperties("127.0.0.1:9", "c", "lz4");
    int before = to.size();
    KafkaSamplePublisher.overrides(from, to);
    assertEquals("262144", to.get(ProducerConfig.BATCH_SIZE_CONFIG));
    assertEquals(before, to.size(), "batch.size replaced, nothing added");
    assertFalse(to.containsKey("java.version"));
    assertFalse(to.containsKey(""));
  }

  @Test
  void a_windowed_publisher_refuses_a_linger_shorter_than_its_window_before_starting_a_producer() {
    Properties p = KafkaSamplePublisher.producerProperties("127.0.0.1:9", "c", "lz4"); // linger 50 ms
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KafkaSamplePublisher(p, "t", null, new io.fgm.agent.sample.AgentStats(), 5000, 1000));
    assertTrue(e.getMessage().startsWith("linger.ms 50 is shorter than the delivery window of 5000 ms"),
        e.getMessage());
    Properties windowed = KafkaSamplePublisher.producerProperties("127.0.0.1:9", "c", "lz4", 5000);
    assertEquals("5000", windowed.get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals("10000", windowed.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "at least linger + 5 s");
  }
}
