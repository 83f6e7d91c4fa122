package io.fgm.flink.source;

import io.fgm.schema.Schemas;
import org.apache.avro.SchemaNormalization;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The sample time of a raw samples record, read in the Kafka source so that the source can generate watermarks per
 * partition (Flink runs a {@code WatermarkStrategy} given to {@code fromSource} per split): a partition read ahead
 * of another (catch-up, backlog) then no longer moves the watermark past windows whose samples are still to come on
 * the lagging one. Only the first field is read (no full decode): a v1 sample is Avro single-object encoded
 * ({@code C3 01}, the 8-byte schema fingerprint), then {@code timestamp_ms} as a zig-zag varint. A record that is
 * not a v1 sample (it will be dead-lettered, or is a later schema version) gets its Kafka record timestamp.
 */
public final class SampleTimestamps implements SerializableTimestampAssigner<RawRecord> {
  private static final long serialVersionUID = 1L;
  private static final long V1_FINGERPRINT = SchemaNormalization.parsingFingerprint64(Schemas.CONTAINER_SAMPLE_V1);
  private static final int HEADER = 10;

  @Override
  public long extractTimestamp(RawRecord r, long recordTimestamp) {
    long t = sampleTime(r.value);
    return t != Long.MIN_VALUE ? t : r.timestamp;
  }

  /** {@code timestamp_ms} of a v1 sample record, or {@link Long#MIN_VALUE} if the bytes are not one. */
  static long sampleTime(byte[] b) {
    if (b == null || b.length <= HEADER || b[0] != (byte) 0xC3 || b[1] != (byte) 0x01) {
      return Long.MIN_VALUE;
    }
    long fingerprint = 0;
    for (int i = 0; i < 8; i++) {
      fingerprint |= (b[2 + i] & 0xFFL) << (8 * i); // little-endian
    }
    if (fingerprint != V1_FINGERPRINT) {
      return Long.MIN_VALUE;
    }
    long n = 0;
    int shift = 0;
    for (int i = HEADER; i < b.length && shift < 64; i++, shift += 7) {
      n |= (long) (b[i] & 0x7F) << shift;
      if ((b[i] & 0x80) == 0) {
        long t = (n >>> 1) ^ -(n & 1);
        return t > 0 ? t : Long.MIN_VALUE;
      }
    }
    return Long.MIN_VALUE;
  }
}
