package io.fgm.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * {@link Finding} as Avro: single-object encoding on the topic {@link Finding#TOPIC} (versioned by the schema
 * fingerprint like {@link SampleCodec}), and generic records of {@link Schemas#FINDING_V1} for Parquet writers and
 * readers (parquet-avro).
 */
public final class FindingCodec {
  private static final Schema SCHEMA = Schemas.FINDING_V1;
  private static final Schema KIND = SCHEMA.getField("kind").schema();
  private static final BinaryMessageEncoder<GenericRecord> ENCODER =
      new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
  private static final BinaryMessageDecoder<GenericRecord> DECODER =
      new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);

  private FindingCodec() {}

  public static byte[] encode(Finding f) {
    try {
      ByteBuffer buf = ENCODER.encode(toRecord(f));
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Finding decode(byte[] bytes) throws SampleDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new SampleDecodeException("empty", "empty finding record", null);
    }
    try {
      return fromRecord(DECODER.decode(bytes));
    } catch (BadHeaderException e) {
      throw new SampleDecodeException("bad-header", "not an fgm finding: " + e.getMessage(), e);
    } catch (MissingSchemaException e) {
      throw new SampleDecodeException("unknown-schema", "unknown finding schema: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new SampleDecodeException("corrupt", "corrupt finding record: " + e, e);
    }
  }

  /** The finding as a record of {@link Schemas#FINDING_V1} (for Parquet). */
  public static GenericRecord toRecord(Finding f) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("finding_id", f.findingId());
    r.put("kind", new GenericData.EnumSymbol(KIND, f.kind().name()));
    r.put("node", f.node());
    r.put("container_id", f.containerId());
    r.put("pod_uid", f.podUid());
    r.put("pod_name", f.podName());
    r.put("namespace", f.namespace());
    r.put("container_name", f.containerName());
    r.put("metric", f.metric());
    r.put("start_ms", f.startMs());
    r.put("end_ms", f.endMs());
    r.put("detected_ms", f.detectedMs());
    r.put("score", f.score());
    r.put("magnitude", f.magnitude());
    r.put("description", f.description());
    r.put("details", new HashMap<>(f.details()));
    return r;
  }

  /**
   * A finding from a record of {@link Schemas#FINDING_V1}, as decoded from Kafka or read from Parquet (strings may
   * arrive as {@code Utf8}, the kind as an enum symbol or a string).
   */
  public static Finding fromRecord(GenericRecord r) {
    Map<String, Double> details = new HashMap<>();
    Object d = r.get("details");
    if (d instanceof Map<?, ?> m) {
      m.forEach((k, v) -> details.put(k.toString(), ((Number) v).doubleValue()));
    }
    return new Finding(
        str(r.get("finding_id")),
        kindOf(r.get("kind")),
        str(r.get("node")),
        str(r.get("container_id")),
        str(r.get("pod_uid")),
        str(r.get("pod_name")),
        str(r.get("namespace")),
        str(r.get("container_name")),
        str(r.get("metric")),
        ((Number) r.get("start_ms")).longValue(),
        ((Number) r.get("end_ms")).longValue(),
        ((Number) r.get("detected_ms")).longValue(),
        ((Number) r.get("score")).doubleValue(),
        ((Number) r.get("magnitude")).doubleValue(),
        str(r.get("description")),
        details);
  }

  private static FindingKind kindOf(Object o) {
    try {
      return o == null ? FindingKind.OTHER : FindingKind.valueOf(o.toString());
    } catch (IllegalArgumentException e) {
      return FindingKind.OTHER;
    }
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
