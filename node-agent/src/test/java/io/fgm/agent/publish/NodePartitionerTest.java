package io.fgm.agent.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

/** Tests for {@link NodePartitioner} against Kafka's own key partitioning. */
class NodePartitionerTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Cluster cluster(String topic, int partitions) {
    Node n = new Node(1, "127.0.0.1", 9092);
    List<PartitionInfo> ps = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      ps.add(new PartitionInfo(topic, i, n, new Node[] {n}, new Node[] {n}));
    }
    return new Cluster("c", List.of(n), ps, Set.of(), Set.of());
  }

  @Test
  void everyContainerOfANodeGoesWhereKafkaWouldPutAKeyThatIsTheNodeName() {
    NodePartitioner p = new NodePartitioner();
    Cluster c = cluster("t", 12);
    for (String node : List.of("node-a", "ip-10-0-3-17.eu-west-1.compute.internal", "kind-worker2", "vm")) {
      int expected = BuiltInPartitioner.partitionForKey(utf8(node), 12);
      for (String container : List.of("4f5e" + "0".repeat(60), "system.slice/sshd.service", "process_api/97d0")) {
        String key = node + "/" + container;
        assertEquals(expected, p.partition("t", key, utf8(key), null, null, c), key);
      }
    }
  }

  @Test
  void nodesSpreadOverThePartitions() {
    NodePartitioner p = new NodePartitioner();
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      byte[] key = utf8("node-" + i + "/c");
      used.add(p.partition(key, 12));
    }
    assertEquals(12, used.size(), "200 nodes over 12 partitions use every partition");
  }

  @Test
  void aChangedPartitionCountMovesTheNodeWhereKafkaWouldPutIt() {
    NodePartitioner p = new NodePartitioner();
    byte[] key = utf8("node-17/c1");
    for (int n : new int[] {3, 7, 3, 64, 1}) {
      assertEquals(BuiltInPartitioner.partitionForKey(utf8("node-17"), n), p.partition(key, n), n + " partitions");
    }
  }

  @Test
  void aKeyWithoutSlashIsTheNodeAndANonAsciiNodeIsHashedAsUtf8() {
    NodePartitioner p = new NodePartitioner();
    assertEquals(BuiltInPartitioner.partitionForKey(utf8("only-node"), 5), p.partition(utf8("only-node"), 5));
    String node = "nœud-é";
    assertEquals(BuiltInPartitioner.partitionForKey(utf8(node), 9), p.partition(utf8(node + "/x"), 9));
    assertTrue(p.partition(utf8("/x"), 9) >= 0, "an empty node name still gets a partition");
  }

  @Test
  void aRecordWithoutKeyIsRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NodePartitioner().partition("t", null, null, null, null, cluster("t", 3)));
    assertTrue(e.getMessage().contains("without a key"), e.getMessage());
  }
}
