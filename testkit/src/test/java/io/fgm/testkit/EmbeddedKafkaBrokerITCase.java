package io.fgm.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link EmbeddedKafkaBroker}. */
class EmbeddedKafkaBrokerITCase {

  @Test
  void records_written_before_a_restart_are_read_after_it(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(dir, 0).start()) {
      broker.createTopics(1, "t");
      produce(broker, "a", "b");
      broker.stop();
      broker.start();
      produce(broker, "c");
      assertEquals(List.of("a", "b", "c"), consumeAll(broker, 3));
    }
  }

  @Test
  void a_new_broker_on_an_existing_log_directory_serves_its_data(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.create(dir, 0).start()) {
      first.createTopics(1, "t");
      produce(first, "x");
    }
    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.create(dir, 0).start()) {
      assertEquals(List.of("x"), consumeAll(second, 1));
    }
  }

  private static void produce(EmbeddedKafkaBroker broker, String... values) throws Exception {
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (String v : values) {
        p.send(new ProducerRecord<>("t", v)).get();
      }
    }
  }

  private static List<String> consumeAll(EmbeddedKafkaBroker broker, int n) {
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "g",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      c.subscribe(List.of("t"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
