package io.fgm.flink.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Tests for {@link ContainerSampleSerializer}. */
class ContainerSampleSerializerTest {

  private static ContainerSample roundTrip(ContainerSample s) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    ContainerSampleSerializer.INSTANCE.serialize(s, out);
    return ContainerSampleSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void a_full_sample_survives_a_round_trip() throws Exception {
    ContainerRef ref =
        new ContainerRef("abc123", "0f0e-11", QosClass.BURSTABLE, "/kubepods/burstable/pod0f0e_11/abc123", true,
            "web-0", "shop", "nginx");
    ContainerSample s = new ContainerSample(1_700_000_000_000L, "node-a", ref, Map.of("cpu.usage_us", 1.5e9,
        "memory.current_bytes", 4096.0));
    assertEquals(s, roundTrip(s));
  }

  @Test
  void missing_names_stay_null() throws Exception {
    ContainerSample s =
        new ContainerSample(5, "n", ContainerRef.of("system.slice/sshd.service", null, QosClass.NONE, "/x"), Map.of());
    assertEquals(s, roundTrip(s));
  }
}
