package io.fgm.podwatcher;

import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.SampleDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the pod metadata topic says exists: the topic read from the start to its current end with compaction
 * semantics (the last record per key wins, a tombstone removes the key). The watcher compares it with the cluster
 * at start-up, to tombstone pods deleted while no watcher ran.
 */
final class PublishedTopic {
  private PublishedTopic() {}

  /**
   * Pod UID to namespace of every pod the topic holds. Records that do not decode are left out (a foreign writer's
   * record is not the watcher's to delete).
   */
  static Map<String, String> livePods(String bootstrapServers, String topic, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fgm-pod-watcher-reconcile");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Map<String, String> live = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = c.partitionsFor(topic, timeout).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts); // no consumer group: nothing is committed
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new org.apache.kafka.common.errors.TimeoutException(
              "reading " + topic + " took longer than " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (r.key() == null) {
            continue;
          }
          String uid = new String(r.key(), StandardCharsets.UTF_8);
          if (r.value() == null || r.value().length == 0) {
            live.remove(uid);
            continue;
          }
          try {
            PodMetadata m = PodMetadataCodec.decode(r.value());
            live.put(uid, m.namespace());
          } catch (SampleDecodeException e) {
            live.remove(uid);
          }
        }
      }
    }
    return live;
  }

  /**
   * Pods the topic holds that the cluster no longer has, within the watched namespaces (empty = all): they were
   * deleted while no watcher ran, and get a tombstone. Pure.
   */
  static List<String> orphans(Map<String, String> topicPods, java.util.Set<String> clusterPods,
      List<String> watchedNamespaces) {
    return topicPods.entrySet().stream()
        .filter(e -> !clusterPods.contains(e.getKey()))
        .filter(e -> watchedNamespaces.isEmpty() || watchedNamespaces.contains(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
