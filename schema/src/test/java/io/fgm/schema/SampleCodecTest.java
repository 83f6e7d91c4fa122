package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Tests for {@link SampleCodec}. */
class SampleCodecTest {

  static ContainerSample golden() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metric.CPU_USAGE_US.key(), 123456789.0);
    m.put(Metric.MEMORY_CURRENT_BYTES.key(), 52428800.0);
    m.put(Metric.MEMORY_WORKING_SET_BYTES.key(), 0.0);
    ContainerRef ref =
        new ContainerRef(
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "7d3b1f2a-5c4e-4e8a-9a51-2f7b0c9d1e33",
            QosClass.BURSTABLE,
            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7d3b1f2a_5c4e_4e8a_9a51_2f7b0c9d1e33.slice"
                + "/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
            false,
            "web-0",
            "shop",
            "nginx");
    return new ContainerSample(1_764_000_000_000L, "worker-1", ref, m);
  }

  @Test
  void a_sample_survives_a_round_trip() throws Exception {
    ContainerSample s = golden();
    assertEquals(s, SampleCodec.decode(SampleCodec.encode(s)));
  }

  @Test
  void nulls_and_missing_names_survive_a_round_trip() throws Exception {
    ContainerSample s =
        new ContainerSample(5_000L, "n", ContainerRef.of("system.slice/cron.service", null, null, "/system.slice/cron.service"),
            Map.of());
    ContainerSample back = SampleCodec.decode(SampleCodec.encode(s));
    assertEquals(s, back);
    assertEquals(QosClass.NONE, back.container().qos());
  }

  @Test
  void version_1_golden_bytes_still_decode_and_encode_identically() throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/golden/container-sample-v1.bin")) {
      bytes = in.readAllBytes();
    }
    ContainerSample decoded = SampleCodec.decode(bytes);
    assertEquals(golden(), decoded);
    // Map order is not part of equality, but the encoding of the same map order must be stable.
    assertArrayEquals(bytes, SampleCodec.encode(golden()));
  }

  @Test
  void empty_bytes_are_rejected_as_empty() {
    SampleDecodeException e = assertThrows(SampleDecodeException.class, () -> SampleCodec.decode(new byte[0]));
    assertEquals("empty", e.reason());
  }

  @Test
  void json_is_rejected_as_a_bad_header() {
    SampleDecodeException e =
        assertThrows(SampleDecodeException.class, () -> SampleCodec.decode("{\"cpu\":1}".getBytes()));
    assertEquals("bad-header", e.reason());
  }

  @Test
  void an_unknown_schema_fingerprint_is_rejected_as_unknown_schema() {
    byte[] bytes = SampleCodec.encode(golden());
    bytes[5] ^= 0x5a; // inside the 8-byte fingerprint after the 2-byte marker
    SampleDecodeException e = assertThrows(SampleDecodeException.class, () -> SampleCodec.decode(bytes));
    assertEquals("unknown-schema", e.reason());
  }

  @Test
  void a_truncated_record_is_rejected_as_corrupt() {
    byte[] bytes = SampleCodec.encode(golden());
    SampleDecodeException e =
        assertThrows(SampleDecodeException.class, () -> SampleCodec.decode(Arrays.copyOf(bytes, bytes.length - 7)));
    assertEquals("corrupt", e.reason());
  }

  @Property(tries = 300)
  void random_bytes_after_a_valid_header_never_escape_as_unchecked_exceptions(@ForAll byte[] tail) {
    byte[] head = Arrays.copyOf(SampleCodec.encode(golden()), 10);
    byte[] bytes = Arrays.copyOf(head, 10 + tail.length);
    System.arraycopy(tail, 0, bytes, 10, tail.length);
    try {
      SampleCodec.decode(bytes);
    } catch (SampleDecodeException expected) {
      assertTrue(expected.reason().equals("corrupt"), expected.reason());
    }
  }

  /** Writes the golden file; run once per new schema version and commit the result. */
  public static void main(String[] args) throws IOException {
    java.nio.file.Files.write(java.nio.file.Path.of(args[0]), SampleCodec.encode(golden()));
  }
}
