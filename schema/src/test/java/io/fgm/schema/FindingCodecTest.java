package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** Tests for {@link Finding} and {@link FindingCodec}. */
class FindingCodecTest {
  private static Finding leak() {
    return new Finding(Finding.idOf("n1", "abc", "memory.working_set_bytes", FindingKind.MEMORY_LEAK, 1000),
        FindingKind.MEMORY_LEAK, "n1", "abc", "uid-1", "web-0", "shop", "nginx", "memory.working_set_bytes",
        1000, 61_000, 62_000, 0.9, 2.5e5, "memory rises 250 kB/s, limit in 14 min",
        Map.of("slope_per_s", 2.5e5, "time_to_limit_s", 840.0));
  }

  @Test
  void a_finding_survives_the_kafka_encoding() throws Exception {
    assertEquals(leak(), FindingCodec.decode(FindingCodec.encode(leak())));
  }

  @Test
  void a_finding_survives_the_parquet_record_form_with_utf8_strings() {
    GenericRecord r = FindingCodec.toRecord(leak());
    GenericRecord asRead = new GenericData.Record(Schemas.FINDING_V1);
    for (var f : Schemas.FINDING_V1.getFields()) {
      Object v = r.get(f.name());
      asRead.put(f.name(), v instanceof String s ? new Utf8(s) : v);
    }
    assertEquals(leak(), FindingCodec.fromRecord(asRead));
  }

  @Test
  void names_are_optional() throws Exception {
    Finding f = leak().withNames(null, null, null, null);
    assertEquals(f, FindingCodec.decode(FindingCodec.encode(f)));
  }

  @Test
  void an_unknown_kind_string_reads_as_other() {
    GenericRecord r = FindingCodec.toRecord(leak());
    r.put("kind", "SOMETHING_NEW");
    assertEquals(FindingKind.OTHER, FindingCodec.fromRecord(r).kind());
  }

  @Test
  void a_sample_is_not_taken_for_a_finding() {
    byte[] sample = SampleCodec.encode(new ContainerSample(1, "n", ContainerRef.of("c", null, null, "/c"), Map.of()));
    assertEquals("unknown-schema", assertThrows(SampleDecodeException.class, () -> FindingCodec.decode(sample)).reason());
    assertEquals("empty", assertThrows(SampleDecodeException.class, () -> FindingCodec.decode(new byte[0])).reason());
  }

  @Test
  void the_id_is_deterministic_and_tells_findings_apart() {
    assertEquals(leak().findingId(), Finding.idOf("n1", "abc", "memory.working_set_bytes", FindingKind.MEMORY_LEAK, 1000));
    assertNotEquals(leak().findingId(), Finding.idOf("n1", "abc", "memory.working_set_bytes", FindingKind.OOM_KILL, 1000));
    assertEquals("n1/abc", leak().kafkaKey());
  }

  @Test
  void a_score_outside_zero_to_one_or_a_reversed_range_is_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new Finding("i", FindingKind.OTHER, "n", "c", null, null, null,
        null, "m", 0, 0, 0, 1.5, 0, "d", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Finding("i", FindingKind.OTHER, "n", "c", null, null, null,
        null, "m", 10, 5, 0, 0.5, 0, "d", Map.of()));
  }
}
