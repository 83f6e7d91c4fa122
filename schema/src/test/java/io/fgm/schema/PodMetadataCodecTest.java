package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link PodMetadataCodec}. */
class PodMetadataCodecTest {
  @Test
  void pod_metadata_survives_a_round_trip() throws Exception {
    PodMetadata p =
        new PodMetadata("uid-1", "web-0", "shop", "worker-1", "Burstable", Map.of("app", "web"),
            Map.of("abc", "nginx", "def", "sidecar"), 42L);
    assertEquals(p, PodMetadataCodec.decode(PodMetadataCodec.encode(p)));
  }

  @Test
  void pod_metadata_survives_a_round_trip_through_a_generic_record_with_utf8_strings() {
    PodMetadata p = new PodMetadata("uid-2", "api-1", "shop", null, null,
        Map.of("app", "api", "app.kubernetes.io/part-of", "shop"), Map.of("abc", "api"), 7L);
    org.apache.avro.generic.GenericRecord r = PodMetadataCodec.toRecord(p);
    assertEquals(Schemas.POD_METADATA_V1, r.getSchema());
    r.put("pod_name", new org.apache.avro.util.Utf8("api-1")); // as parquet-avro gives strings back
    r.put("labels", Map.of(new org.apache.avro.util.Utf8("app"), new org.apache.avro.util.Utf8("api"),
        new org.apache.avro.util.Utf8("app.kubernetes.io/part-of"), new org.apache.avro.util.Utf8("shop")));
    assertEquals(p, PodMetadataCodec.fromRecord(r));
  }

  @Test
  void a_tombstone_is_not_decoded_as_a_pod() {
    assertEquals("empty", assertThrows(SampleDecodeException.class, () -> PodMetadataCodec.decode(new byte[0])).reason());
  }

  @Test
  void a_sample_is_not_taken_for_pod_metadata() {
    byte[] sample = SampleCodec.encode(new ContainerSample(1, "n", ContainerRef.of("c", null, null, "/c"), Map.of()));
    assertEquals("unknown-schema", assertThrows(SampleDecodeException.class, () -> PodMetadataCodec.decode(sample)).reason());
  }

  @Test
  void runtime_prefixes_are_stripped_from_container_ids() {
    assertEquals("abc", PodMetadata.stripRuntimePrefix("containerd://abc"));
    assertEquals("abc", PodMetadata.stripRuntimePrefix("cri-o://abc"));
    assertEquals("abc", PodMetadata.stripRuntimePrefix("abc"));
  }
}
