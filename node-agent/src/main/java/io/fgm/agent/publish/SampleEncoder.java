package io.fgm.agent.publish;

import io.fgm.agent.cgroup.MetricMap;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleCodec;
import io.fgm.schema.Schemas;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes exactly the bytes of {@link SampleCodec#encode} (Avro single-object encoding of ContainerSample v1), by
 * hand, into a reused buffer. {@code EncoderEqualityTest} checks byte-for-byte equality with SampleCodec on
 * thousands of random samples (odd strings, unknown metric keys, empty maps, NaN and infinities), so the wire
 * format still has one definition: the schema module's. Decoding stays with {@link SampleCodec}.
 *
 * <p>Why not SampleCodec: the agent encodes every container every second. Avro's generic path builds a
 * {@code GenericData.Record}, an {@code EnumSymbol}, a fresh UTF-8 {@code byte[]} for every map key (~45 per
 * sample) and copies the result twice; it allocated ~5.0 KB and took ~9 µs per sample here (100-container
 * fixture, {@code PassProfile}). This encoder writes cached key bytes and unboxed values
 * ({@link MetricMap.DoubleEntryConsumer}) and allocates only the result array: ~1.5 KB and ~2 µs per sample.
 * Measured with {@code io.fgm.agent.bench.PassProfile}; see README "Footprint".
 *
 * <p>The schema's two facts this encoder needs, the single-object header (its fingerprint) and the order of the
 * QoS enum's symbols, are constants here rather than computed from {@link Schemas} at class initialisation:
 * computing them parses the schema with Avro, which loads ~160 Avro and ~400 Jackson classes into the agent
 * (~4 MiB of metaspace, symbols and heap, for two values). {@code SampleEncoderTest} checks both against
 * {@link SampleCodec} and {@link Schemas}, so a schema change fails the build instead of the wire.
 *
 * <p>Not thread-safe: one instance per encoding thread.
 */
public final class SampleEncoder implements MetricMap.DoubleEntryConsumer {
  /** The 10-byte single-object header (marker C3 01, CRC-64-AVRO fingerprint of the writer schema). */
  static final byte[] HEADER = {
    (byte) 0xC3, (byte) 0x01, // the marker, then the fingerprint, little-endian
    (byte) 0xB2, (byte) 0x6B, (byte) 0x09, (byte) 0x57, (byte) 0x76, (byte) 0x5B, (byte) 0xAE, (byte) 0x7D
  };
  /** Avro enum index of each QosClass (by ordinal), by the schema's symbol order. */
  static final int[] QOS_INDEX = {0, 1, 2, 3}; // GUARANTEED, BURSTABLE, BEST_EFFORT, NONE
  private static final int MAX_CACHED_STRINGS = 8192;

  private final Map<String, byte[]> strings = new HashMap<>();
  private final Map<ContainerRef, String[]> keys = new IdentityHashMap<>();
  private byte[] buf = new byte[4096];
  private int pos;

  /** The sample's Avro single-object bytes, identical to {@code SampleCodec.encode(s)}. */
  public byte[] encode(ContainerSample s) {
    ContainerRef c = s.container();
    pos = 0;
    writeBytes(HEADER);
    writeLong(s.timestampMs());
    writeString(s.node());
    writeString(c.containerId());
    writeNullableString(c.podUid());
    writeLong(QOS_INDEX[c.qos().ordinal()]);
    writeString(c.cgroupPath());
    ensure(1);
    buf[pos++] = (byte) (c.sandbox() ? 1 : 0);
    writeNullableString(c.podName());
    writeNullableString(c.namespace());
    writeNullableString(c.containerName());
    Map<String, Double> metrics = s.metrics();
    int n = metrics.size();
    if (n > 0) {
      writeLong(n); // one block of n entries, as Avro's BinaryEncoder writes a map it knows the size of
      metrics.forEach(this);
    }
    writeLong(0); // end of the map
    return Arrays.copyOf(buf, pos);
  }

  /**
   * {@code s.kafkaKey()} ({@code node/containerId}), cached per container: the agent reuses a container's
   * {@link ContainerRef} across passes, so the concatenation happens once per container, not once per sample.
   */
  public String key(ContainerSample s) {
    String[] k = keys.get(s.container());
    if (k == null || k[0] != s.node()) { // identity: the agent's node name is one String
      if (keys.size() >= MAX_CACHED_STRINGS) {
        keys.clear();
      }
      k = new String[] {s.node(), s.kafkaKey()};
      keys.put(s.container(), k);
    }
    return k[1];
  }

  /** A map entry: key as an Avro string, value as 8 little-endian bytes of its raw IEEE 754 bits. */
  @Override
  public void acceptDouble(String key, double value) {
    writeString(key);
    ensure(8);
    long bits = Double.doubleToRawLongBits(value);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (bits >>> (8 * i));
    }
  }

  private void writeNullableString(String s) {
    if (s == null) {
      writeLong(0); // union branch "null"
    } else {
      writeLong(1); // union branch "string"
      writeString(s);
    }
  }

  /** Length-prefixed UTF-8; the bytes of strings seen before (metric keys, ids, paths) come from a cache. */
  private void writeString(String s) {
    byte[] b = strings.get(s);
    if (b == null) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      byte[] prefix = new byte[10];
      int p = putLong(prefix, 0, utf8.length);
      b = Arrays.copyOf(prefix, p + utf8.length);
      System.arraycopy(utf8, 0, b, p, utf8.length);
      if (strings.size() >= MAX_CACHED_STRINGS) {
        strings.clear(); // churn over days: start over rather than grow without bound
      }
      strings.put(s, b);
    }
    writeBytes(b);
  }

  private void writeLong(long v) {
    ensure(10);
    pos = putLong(buf, pos, v);
  }

  /** Avro's zig-zag varint of {@code v} at {@code dst[p]}; returns the position after it. */
  private static int putLong(byte[] dst, int p, long v) {
    long n = (v << 1) ^ (v >> 63);
    while ((n & ~0x7FL) != 0) {
      dst[p++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    dst[p++] = (byte) n;
    return p;
  }

  private void writeBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

}
