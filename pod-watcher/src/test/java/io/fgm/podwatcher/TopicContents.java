package io.fgm.podwatcher;

import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.SampleDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every record of a topic, read from the start to the current end: what a consumer that starts now sees. */
record TopicContents(List<ConsumerRecord<byte[], byte[]>> records) {

  static TopicContents read(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return new TopicContents(out);
    }
  }

  /** Compaction semantics: the last record per key wins, a tombstone removes the key. */
  Map<String, PodMetadata> currentPods() {
    Map<String, PodMetadata> pods = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String uid = key(r);
      if (r.value() == null) {
        pods.remove(uid);
      } else {
        pods.put(uid, decode(r.value()));
      }
    }
    return pods;
  }

  /** Records per key, in order (null values are tombstones). */
  Map<String, List<PodMetadata>> historyByUid() {
    Map<String, List<PodMetadata>> h = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      h.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r.value() == null ? null : decode(r.value()));
    }
    return h;
  }

  int size() {
    return records.size();
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }

  private static PodMetadata decode(byte[] value) {
    try {
      return PodMetadataCodec.decode(value);
    } catch (SampleDecodeException e) {
      throw new AssertionError("the topic holds a record that is not pod metadata", e);
    }
  }
}
