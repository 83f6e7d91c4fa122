package io.fgm.flink.enrich;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the pod metadata topic as {@link PodUpdate}s; records without a key cannot be joined and are skipped. */
public final class PodUpdateDeserializer implements KafkaRecordDeserializationSchema<PodUpdate> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<PodUpdate> out) {
    if (r.key() != null) {
      out.collect(new PodUpdate(new String(r.key(), StandardCharsets.UTF_8), r.value()));
    }
  }

  @Override
  public TypeInformation<PodUpdate> getProducedType() {
    return TypeInformation.of(PodUpdate.class);
  }
}
