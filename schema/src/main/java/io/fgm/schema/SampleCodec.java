package io.fgm.schema;

import java.io.EOFException;
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
 * Encodes and decodes {@link ContainerSample} with Avro single-object encoding: a 2-byte marker, the 8-byte
 * CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body. The fingerprint is the version: a
 * record written with a schema this build does not know is rejected as {@code unknown-schema}, and a later
 * version of fgm adds the older schemas to its decoder so that old records stay readable.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class SampleCodec {
  private static final Schema SCHEMA = Schemas.CONTAINER_SAMPLE_V1;
  private static final Schema QOS_SCHEMA = SCHEMA.getField("qos_class").schema();
  private static final BinaryMessageEncoder<GenericRecord> ENCODER =
      new BinaryMessageEncoder<>(GenericData.get(), SCHEMA);
  private static final BinaryMessageDecoder<GenericRecord> DECODER =
      new BinaryMessageDecoder<>(GenericData.get(), SCHEMA);

  private SampleCodec() {}

  public static byte[] encode(ContainerSample s) {
    ContainerRef c = s.container();
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put(0, s.timestampMs());
    r.put(1, s.node());
    r.put(2, c.containerId());
    r.put(3, c.podUid());
    r.put(4, new GenericData.EnumSymbol(QOS_SCHEMA, c.qos().name()));
    r.put(5, c.cgroupPath());
    r.put(6, c.sandbox());
    r.put(7, c.podName());
    r.put(8, c.namespace());
    r.put(9, c.containerName());
    r.put(10, s.metrics());
    try {
      ByteBuffer buf = ENCODER.encode(r);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a sample cannot fail on a heap buffer", e);
    }
  }

  /** Decodes one record, or throws with a reason fit for a dead-letter topic. Never returns null. */
  public static ContainerSample decode(byte[] bytes) throws SampleDecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new SampleDecodeException("empty", "empty record", null);
    }
    GenericRecord r;
    try {
      r = DECODER.decode(bytes);
    } catch (BadHeaderException e) {
      throw new SampleDecodeException("bad-header", "not an fgm sample: " + e.getMessage(), e);
    } catch (MissingSchemaException e) {
      throw new SampleDecodeException("unknown-schema", "unknown schema version: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new SampleDecodeException("corrupt", "truncated record (" + bytes.length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      // Avro signals garbage with many unchecked types (lengths past the end, negative sizes, huge strings).
      throw new SampleDecodeException("corrupt", "corrupt record: " + e, e);
    }
    try {
      return fromRecord(r);
    } catch (RuntimeException e) {
      throw new SampleDecodeException("corrupt", "record does not fit the schema: " + e, e);
    }
  }

  private static ContainerSample fromRecord(GenericRecord r) {
    @SuppressWarnings("unchecked")
    Map<CharSequence, Double> raw = (Map<CharSequence, Double>) r.get(10);
    Map<String, Double> metrics = new HashMap<>(raw.size() * 2);
    raw.forEach((k, v) -> metrics.put(k.toString(), v));
    ContainerRef ref =
        new ContainerRef(
            r.get(2).toString(),
            str(r.get(3)),
            QosClass.valueOf(r.get(4).toString()),
            r.get(5).toString(),
            (Boolean) r.get(6),
            str(r.get(7)),
            str(r.get(8)),
            str(r.get(9)));
    return new ContainerSample((Long) r.get(0), r.get(1).toString(), ref, metrics);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
