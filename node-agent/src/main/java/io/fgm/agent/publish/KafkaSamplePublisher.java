package io.fgm.agent.publish;

import io.fgm.agent.sample.AgentStats;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleCodec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes samples to a Kafka topic: key {@link ContainerSample#kafkaKey()} ({@code node/container}, so one
 * container's samples stay in one partition, in order), value {@link SampleCodec#encode}.
 *
 * <p>Producer settings, each for a reason: idempotence on (a retried batch is not duplicated and order within a
 * partition holds, max 5 in flight); acks=all (required by idempotence); zstd compression (metric names repeat in
 * every record; zstd removes most of that); linger 50 ms (a tick's samples arrive together, so a short linger
 * gathers them into few batches and still delivers well inside the second); batch 256 KiB (a tick of 500
 * containers is ~200 KiB); max.block.ms 1 s (a missing broker must not stall the 1 Hz loop for a minute).
 *
 * <p>Delivery failures are counted; the first is kept and thrown by the next {@link #flush()}.
 */
public final class KafkaSamplePublisher implements SamplePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSamplePublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AgentStats stats;
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final Callback callback;

  public KafkaSamplePublisher(String bootstrapServers, String topic, String clientId, AgentStats stats) {
    this(producerProperties(bootstrapServers, clientId), topic, stats);
  }

  /** With explicit producer properties (serializers are set here). */
  public KafkaSamplePublisher(Properties props, String topic, AgentStats stats) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.stats = stats;
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.callback =
        (meta, e) -> {
          if (e == null) {
            stats.samplesSent.incrementAndGet();
          } else {
            stats.sendErrors.incrementAndGet();
            stats.samplesDropped.incrementAndGet();
            if (firstFailure.compareAndSet(null, e)) {
              LOG.warn("delivery to topic {} failed: {}", topic, e.toString());
            }
          }
        };
  }

  /** The producer settings described in the class comment. */
  public static Properties producerProperties(String bootstrapServers, String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return p;
  }

  @Override
  public void publish(List<ContainerSample> samples) {
    for (ContainerSample s : samples) {
      try {
        producer.send(new ProducerRecord<>(topic, s.kafkaKey(), SampleCodec.encode(s)), callback);
      } catch (RuntimeException e) {
        // metadata not available within max.block.ms, buffer full, producer closed
        stats.sendErrors.incrementAndGet();
        stats.samplesDropped.incrementAndGet();
        firstFailure.compareAndSet(null, e);
      }
    }
  }

  @Override
  public void flush() {
    producer.flush();
    Exception e = firstFailure.getAndSet(null);
    if (e != null) {
      throw new IllegalStateException("publishing to " + topic + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
