package io.fgm.query.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fgm.query.ContainerInfo;
import io.fgm.schema.PodMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link PodDirectory}: the Flink job's name-join rules on the query service's side. */
class PodDirectoryTest {
  static final PodMetadata SHOP = new PodMetadata("uid-shop", "checkout-5f7", "shop", "node-n", "Burstable",
      Map.of("app", "checkout"), Map.of("c-api", "api", "c-side", "envoy"), 1_000);

  static ContainerInfo unnamed(String id, String podUid) {
    return new ContainerInfo(id, podUid, null, null, null, "Burstable", "node-n", List.of("cpu.usage_millicores"),
        10, 20);
  }

  @Test
  void a_container_without_names_gets_its_pod_name_namespace_and_container_name_by_pod_uid_and_id() {
    PodDirectory pods = new PodDirectory(10);
    pods.put(SHOP);
    ContainerInfo c = pods.enrich(unnamed("c-api", "uid-shop"));
    assertEquals("checkout-5f7", c.podName());
    assertEquals("shop", c.namespace());
    assertEquals("api", c.containerName());
    assertEquals(List.of("cpu.usage_millicores"), c.metrics());
    assertEquals(10, c.firstSeenMs());
    assertEquals(20, c.lastSeenMs());
  }

  @Test
  void names_the_sample_carried_win_over_the_pod_record() {
    PodDirectory pods = new PodDirectory(10);
    pods.put(SHOP);
    ContainerInfo own = new ContainerInfo("c-api", "uid-shop", "own-pod", null, null, "Burstable", "node-n",
        List.of(), 10, 20);
    ContainerInfo c = pods.enrich(own);
    assertEquals("own-pod", c.podName());
    assertEquals("shop", c.namespace());
    assertEquals("api", c.containerName());
  }

  @Test
  void a_container_id_the_pod_does_not_list_gets_the_pod_names_but_no_container_name() {
    PodDirectory pods = new PodDirectory(10);
    pods.put(SHOP);
    ContainerInfo c = pods.enrich(unnamed("c-init-gone", "uid-shop"));
    assertEquals("checkout-5f7", c.podName());
    assertNull(c.containerName());
  }

  @Test
  void an_unknown_pod_a_tombstoned_pod_or_no_pod_uid_leave_the_container_as_it_is() {
    PodDirectory pods = new PodDirectory(10);
    ContainerInfo orphan = unnamed("c-api", "uid-shop");
    assertSame(orphan, pods.enrich(orphan));
    pods.put(SHOP);
    pods.remove("uid-shop");
    assertSame(orphan, pods.enrich(orphan));
    ContainerInfo systemd = unnamed("/system.slice/kubelet.service", null);
    assertSame(systemd, pods.enrich(systemd));
    assertEquals(0, pods.size());
    assertEquals(2, pods.updates());
  }

  @Test
  void a_newer_version_of_a_pod_replaces_the_older() {
    PodDirectory pods = new PodDirectory(10);
    pods.put(SHOP);
    pods.put(new PodMetadata("uid-shop", "checkout-5f7", "shop", "node-n", "Burstable", Map.of(),
        Map.of("c-api2", "api"), 2_000));
    assertEquals("api", pods.enrich(unnamed("c-api2", "uid-shop")).containerName());
    assertNull(pods.enrich(unnamed("c-api", "uid-shop")).containerName());
  }

  @Test
  void past_its_bound_the_least_recently_updated_pods_go() {
    PodDirectory pods = new PodDirectory(10);
    for (int i = 0; i < 11; i++) {
      pods.put(new PodMetadata("uid-" + i, "pod-" + i, "ns", null, null, Map.of(), Map.of(), i));
    }
    assertEquals(9, pods.size());
    assertNull(pods.get("uid-0"));
    assertNull(pods.get("uid-1"));
    assertEquals("pod-10", pods.get("uid-10").podName());
  }
}
