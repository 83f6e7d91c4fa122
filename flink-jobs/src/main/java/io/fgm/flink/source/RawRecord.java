package io.fgm.flink.source;

/**
 * A Kafka record as it came off the samples topic, before decoding: what the source emits, so that a record which
 * does not decode can still be dead-lettered byte for byte. A Flink POJO.
 */
public final class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  /** Kafka record timestamp, epoch ms. */
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  /** {@code topic-partition@offset}, for logs and dead-letter headers. */
  public String position() {
    return topic + "-" + partition + "@" + offset;
  }
}
