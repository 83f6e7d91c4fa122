package io.fgm.flink.source;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link DeadLetter} to the dead-letter topic: the original key and value byte for byte, the original
 * timestamp, and headers {@value #REASON} (short reason), {@value #MESSAGE} (for people) and {@value #SOURCE}
 * ({@code topic-partition@offset} of the original record).
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;
  public static final String REASON = "fgm.dlq.reason";
  public static final String MESSAGE = "fgm.dlq.message";
  public static final String SOURCE = "fgm.dlq.source";

  private final String topic;

  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
    RawRecord r = d.record;
    ProducerRecord<byte[], byte[]> out =
        new ProducerRecord<>(topic, null, r.timestamp >= 0 ? r.timestamp : null, r.key, r.value);
    out.headers().add(REASON, utf8(d.reason));
    out.headers().add(MESSAGE, utf8(d.message));
    out.headers().add(SOURCE, utf8(r.position()));
    return out;
  }

  private static byte[] utf8(String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }
}
