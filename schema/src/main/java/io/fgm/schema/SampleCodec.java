package io.fgm.schema;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.util.Utf8;

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
  /** Single-object header length: marker C3 01 plus the 8-byte little-endian CRC-64-AVRO fingerprint. */
  private static final int HEADER = 10;
  private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);
  private static final QosClass[] QOS = qosBySymbolIndex();
  /** Catalogue key by UTF-8 content, so that known metric names cost no String and share one instance. */
  private static final Map<Utf8, String> KEYS = new HashMap<>();

  static {
    for (Metric m : Metric.values()) {
      KEYS.put(new Utf8(m.key()), m.key());
    }
  }

  /** Per-thread decoder and key buffer for the fast path (Flink source threads decode one record at a time). */
  private static final ThreadLocal<FastState> FAST = ThreadLocal.withInitial(FastState::new);

  private static final class FastState {
    BinaryDecoder decoder;
    final Utf8 key = new Utf8();
  }

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
    if (isCurrentSchema(bytes)) {
      return decodeCurrent(bytes);
    }
    return decodeGeneric(bytes);
  }

  /**
   * The generic path: Avro's message decoder into a GenericRecord, then a copy. Used for every fingerprint
   * other than the current writer schema (older versions, bad headers, unknown schemas).
   */
  static ContainerSample decodeGeneric(byte[] bytes) throws SampleDecodeException {
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

  static boolean isCurrentSchema(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
      return false;
    }
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (bytes[i] & 0xFFL);
    }
    return fp == FINGERPRINT;
  }

  /**
   * The fast path for the current writer schema: walks the fields of container-sample-v1.avsc in order with
   * Avro's own {@link BinaryDecoder} (no GenericRecord, no Utf8-keyed map, no second map), and maps metric
   * names to the catalogue's String instances. Why not the generic reader: it builds a HashMap<Utf8, Double>
   * plus a Utf8 per key and then we copied it into a String map; that was the source thread's largest cost
   * in the JFR profile of the Flink job. Measured with {@code SampleCodecBench} (test sources): 100,000
   * realistic samples (59 catalogue metrics, 1,965 bytes each), one JVM, thread CPU, median of 5 [min..max],
   * 2026-11-25 04:43 UTC, 2 cores, load 1.1-1.2: generic 915 ms [814..1036] vs this 413 ms [339..438]; repeat
   * run 844 ms [821..968] vs 365 ms [351..370], i.e. about 2.2x less CPU per record.
   * Malformed input gives the same reasons as the generic path ({@code corrupt}; truncation says so).
   */
  static ContainerSample decodeCurrent(byte[] bytes) throws SampleDecodeException {
    FastState st = FAST.get();
    BinaryDecoder in =
        st.decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, st.decoder);
    try {
      long ts = in.readLong();
      String node = in.readString();
      String containerId = in.readString();
      String podUid = optionalString(in, "pod_uid");
      int qi = in.readEnum();
      if (qi < 0 || qi >= QOS.length) {
        throw new SampleDecodeException("corrupt", "corrupt record: bad enum index " + qi + " for qos_class", null);
      }
      String cgroupPath = in.readString();
      boolean sandbox = in.readBoolean();
      String podName = optionalString(in, "pod_name");
      String namespace = optionalString(in, "namespace");
      String containerName = optionalString(in, "container_name");
      long n = in.readMapStart();
      // Each entry needs at least 9 bytes (key length + double), which bounds the pre-size against garbage counts.
      Map<String, Double> metrics = new HashMap<>(mapCapacity(Math.min(Math.abs(n), bytes.length / 9 + 1)));
      Utf8 key = st.key;
      while (n != 0) {
        if (n < 0) {
          throw new SampleDecodeException("corrupt", "corrupt record: negative map block count " + n, null);
        }
        for (long i = 0; i < n; i++) {
          in.readString(key);
          String k = KEYS.get(key);
          metrics.put(k != null ? k : key.toString(), in.readDouble());
        }
        n = in.mapNext();
      }
      ContainerRef ref =
          new ContainerRef(
              containerId, podUid, QOS[qi], cgroupPath, sandbox, podName, namespace, containerName);
      return new ContainerSample(ts, node, ref, metrics);
    } catch (EOFException e) {
      throw new SampleDecodeException("corrupt", "truncated record (" + bytes.length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      // Same as the generic path: Avro's decoder signals negative or oversized lengths with unchecked types.
      throw new SampleDecodeException("corrupt", "corrupt record: " + e, e);
    }
  }

  private static String optionalString(BinaryDecoder in, String field) throws IOException, SampleDecodeException {
    int b = in.readIndex();
    if (b == 0) {
      return null;
    }
    if (b == 1) {
      return in.readString();
    }
    throw new SampleDecodeException("corrupt", "corrupt record: bad union index " + b + " for " + field, null);
  }

  private static int mapCapacity(long entries) {
    return (int) Math.min(1 << 20, entries * 4 / 3 + 1);
  }

  private static QosClass[] qosBySymbolIndex() {
    return QOS_SCHEMA.getEnumSymbols().stream().map(QosClass::valueOf).toArray(QosClass[]::new);
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
