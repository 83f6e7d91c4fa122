package io.fgm.flink.enrich;

/**
 * One record of the pod metadata topic, undecoded: the pod UID (the Kafka key) and the
 * {@link io.fgm.schema.PodMetadataCodec} bytes, or null for a tombstone (the pod is gone). A Flink POJO.
 */
public final class PodUpdate {
  public String podUid;
  public byte[] value;

  public PodUpdate() {}

  public PodUpdate(String podUid, byte[] value) {
    this.podUid = podUid;
    this.value = value;
  }

  public boolean isTombstone() {
    return value == null || value.length == 0;
  }
}
