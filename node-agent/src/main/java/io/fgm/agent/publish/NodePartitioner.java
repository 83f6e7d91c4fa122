package io.fgm.agent.publish;

import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every record of a node in one partition: the one Kafka's default partitioner would choose for a record
 * keyed by the node name alone ({@code murmur2(node) % partitions}), where the node is the record key
 * ({@code node/container}, {@link io.fgm.schema.ContainerSample#kafkaKey()}) up to its first {@code '/'}.
 *
 * <p>Why: a tick's samples then make one batch (one set of LZ4 buffers, one batch to close, compress and
 * acknowledge) instead of one per partition; the key stays {@code node/container}, and a container's samples stay
 * in order because they stay in one partition. What it changes: partitions are filled by node, not by container,
 * so a topic spreads load over its partitions only across nodes (README "Kafka").
 *
 * <p>The node prefix's partition is cached: every record of one agent carries the same node, so the hash is
 * computed once per partition count, not per record (no copy of the key per record either).
 */
public final class NodePartitioner implements Partitioner {
  private byte[] lastNode = new byte[0];
  private int lastCount = -1;
  private int lastPartition;

  @Override
  public void configure(Map<String, ?> configs) {
    // nothing to configure
  }

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    if (keyBytes == null) {
      throw new IllegalArgumentException("a record for " + topic + " without a key: NodePartitioner needs "
          + "node/container keys");
    }
    return partition(keyBytes, cluster.partitionsForTopic(topic).size());
  }

  /** The partition of a {@code node/...} key among {@code partitions} (> 0). */
  synchronized int partition(byte[] keyBytes, int partitions) {
    int end = nodeEnd(keyBytes);
    if (partitions != lastCount || !Arrays.equals(keyBytes, 0, end, lastNode, 0, lastNode.length)) {
      lastNode = Arrays.copyOf(keyBytes, end);
      lastCount = partitions;
      lastPartition = partitionOfNode(lastNode, partitions);
    }
    return lastPartition;
  }

  /** What Kafka's default partitioner gives a record whose key is {@code node} (UTF-8). */
  static int partitionOfNode(byte[] node, int partitions) {
    return Utils.toPositive(Utils.murmur2(node)) % partitions;
  }

  /** Index of the first '/' (0x2F never occurs inside a multi-byte UTF-8 sequence), or the length. */
  private static int nodeEnd(byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] == '/') {
        return i;
      }
    }
    return key.length;
  }

  @Override
  public void close() {
    // nothing held
  }
}
