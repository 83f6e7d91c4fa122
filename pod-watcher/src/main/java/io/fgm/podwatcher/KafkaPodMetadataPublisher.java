package io.fgm.podwatcher;

import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes pod metadata to the compacted topic: key = pod UID (UTF-8), value = {@link PodMetadataCodec} bytes,
 * null for a tombstone.
 *
 * <p>Delivery: idempotent producer with {@code acks=all}, so a retried send neither duplicates nor reorders the
 * records of a pod (one key, one partition). When the broker is unreachable a send fails after
 * {@code delivery.timeout.ms}; the caller republishes (see {@link PublishedPods}).
 */
public final class KafkaPodMetadataPublisher implements PodMetadataPublisher {
  private final Producer<byte[], byte[]> producer;
  private final String topic;

  public KafkaPodMetadataPublisher(String bootstrapServers, String topic, Map<String, Object> overrides) {
    this.topic = topic;
    Map<String, Object> props = new java.util.HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "fgm-pod-watcher");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // start-up publishes every pod at once; a short linger batches that burst, later events are rare
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // a send to an unreachable broker blocks the informer thread at most this long, then fails and is retried later
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.putAll(overrides);
    this.producer = new KafkaProducer<>(props);
  }

  @Override
  public CompletionStage<Void> publish(PodMetadata metadata) {
    return send(metadata.podUid(), PodMetadataCodec.encode(metadata));
  }

  @Override
  public CompletionStage<Void> publishTombstone(String podUid) {
    return send(podUid, null);
  }

  private CompletionStage<Void> send(String podUid, byte[] value) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic, podUid.getBytes(StandardCharsets.UTF_8), value), (meta, error) -> {
      if (error == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(error);
      }
    });
    return done;
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
