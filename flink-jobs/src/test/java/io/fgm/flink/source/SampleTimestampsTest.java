package io.fgm.flink.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link SampleTimestamps}: the sample time the source reads for its per-partition watermarks. */
class SampleTimestampsTest {
  private static RawRecord raw(byte[] value, long kafkaTimestamp) {
    return new RawRecord("t", 0, 0, kafkaTimestamp, null, value);
  }

  @Test
  void a_v1_sample_record_is_timed_by_its_sample_time_not_the_kafka_timestamp() {
    long t = 1_800_000_123_000L;
    byte[] bytes = SampleCodec.encode(new ContainerSample(t, "node-1",
        ContainerRef.of("c-1", "p-1", QosClass.BURSTABLE, "/x"), Map.of("cpu.usage_millicores", 1.0)));
    assertEquals(t, new SampleTimestamps().extractTimestamp(raw(bytes, 42), Long.MIN_VALUE));
  }

  @Test
  void a_record_that_is_no_sample_is_timed_by_its_kafka_timestamp() {
    SampleTimestamps ts = new SampleTimestamps();
    assertEquals(42, ts.extractTimestamp(raw(new byte[] {1, 2, 3}, 42), Long.MIN_VALUE));
    assertEquals(42, ts.extractTimestamp(raw(null, 42), Long.MIN_VALUE));
    byte[] wrongSchema = {(byte) 0xC3, 1, 1, 2, 3, 4, 5, 6, 7, 8, 2};
    assertEquals(42, ts.extractTimestamp(raw(wrongSchema, 42), Long.MIN_VALUE));
  }
}
