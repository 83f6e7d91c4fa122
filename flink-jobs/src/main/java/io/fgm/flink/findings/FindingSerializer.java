package io.fgm.flink.findings;

import io.fgm.schema.FindingCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Findings to Kafka: key {@code <node>/<container_id>} ({@code Finding.kafkaKey}), value {@link FindingCodec#encode}. */
public final class FindingSerializer implements KafkaRecordSerializationSchema<GenericRecord> {
  private static final long serialVersionUID = 1L;
  private final String topic;

  public FindingSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(GenericRecord r, KafkaSinkContext context, Long timestamp) {
    byte[] key = (FindingRecords.node(r) + "/" + FindingRecords.containerId(r)).getBytes(StandardCharsets.UTF_8);
    // Record time = now (null): findings keep the topic's retention from when they were found, not from the data.
    return new ProducerRecord<>(topic, null, null, key, FindingCodec.encode(FindingCodec.fromRecord(r)));
  }
}
