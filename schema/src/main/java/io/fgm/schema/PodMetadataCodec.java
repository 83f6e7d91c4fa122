package io.fgm.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;

/** Avro single-object encoding of {@link PodMetadata}, versioned by schema fingerprint like {@link SampleCodec}. */
public final class PodMetadataCodec {
  private static final Schema SCHEMA = Schemas.POD_METADATA_V1;
  private static final Schema CONTAINER = SCHEMA.getField("containers").schema().getElementType();
  private static final BinaryMessageEncoder<GenericRecord> ENCODER =
      new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
  private static final BinaryMessageDecoder<GenericRecord> DECODER =
      new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);

  private PodMetadataCodec() {}

  public static byte[] encode(PodMetadata p) {
    try {
      ByteBuffer buf = ENCODER.encode(toRecord(p));
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One record of {@link Schemas#POD_METADATA_V1}: what the topic carries after its header, and one row of the
   * store's pods tier ({@link PodMetadata#STORE_DIR}, written with parquet-avro).
   */
  public static GenericRecord toRecord(PodMetadata p) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("pod_uid", p.podUid());
    r.put("pod_name", p.podName());
    r.put("namespace", p.namespace());
    r.put("node", p.node());
    r.put("qos_class", p.qosClass());
    r.put("labels", p.labels());
    List<GenericRecord> cs = new ArrayList<>();
    p.containers().forEach((id, name) -> {
      GenericRecord c = new GenericData.Record(CONTAINER);
      c.put("container_id", id);
      c.put("name", name);
      cs.add(c);
    });
    r.put("containers", cs);
    r.put("updated_ms", p.updatedMs());
    return r;
  }

  /** The inverse of {@link #toRecord} (strings may come back as Avro {@code Utf8}, as parquet-avro reads them). */
  public static PodMetadata fromRecord(GenericRecord r) {
    Map<String, String> labels = new HashMap<>();
    Object rawLabels = r.get("labels");
    if (rawLabels != null) {
      ((Map<?, ?>) rawLabels).forEach((k, v) -> labels.put(k.toString(), v.toString()));
    }
    Map<String, String> containers = new HashMap<>();
    Object rawContainers = r.get("containers");
    if (rawContainers != null) {
      for (Object o : (List<?>) rawContainers) {
        GenericRecord c = (GenericRecord) o;
        containers.put(c.get("container_id").toString(), c.get("name").toString());
      }
    }
    return new PodMetadata(
        r.get("pod_uid").toString(),
        r.get("pod_name").toString(),
        r.get("namespace").toString(),
        r.get("node") == null ? null : r.get("node").toString(),
        r.get("qos_class") == null ? null : r.get("qos_class").toString(),
        labels,
        containers,
        (Long) r.get("updated_ms"));
  }

  public static PodMetadata decode(byte[] bytes) throws SampleDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new SampleDecodeException("empty", "empty pod metadata record (a tombstone)", null);
    }
    try {
      return fromRecord(DECODER.decode(bytes));
    } catch (BadHeaderException e) {
      throw new SampleDecodeException("bad-header", "not fgm pod metadata: " + e.getMessage(), e);
    } catch (MissingSchemaException e) {
      throw new SampleDecodeException("unknown-schema", "unknown pod metadata schema: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new SampleDecodeException("corrupt", "corrupt pod metadata record: " + e, e);
    }
  }
}
