package io.fgm.flink.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.QosClass;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link PodNames}. */
class PodNamesTest {
  private static final PodMetadata POD =
      new PodMetadata("uid-1", "web-0", "shop", "node-a", "Burstable", Map.of("app", "web"),
          Map.of("c1", "nginx", "c2", "sidecar"), 1_000);

  @Test
  void names_come_from_the_pod_and_the_container_id() {
    ContainerRef named = PodNames.enrich(ContainerRef.of("c2", "uid-1", QosClass.BURSTABLE, "/c2"), POD);
    assertEquals("web-0", named.podName());
    assertEquals("shop", named.namespace());
    assertEquals("sidecar", named.containerName());
  }

  @Test
  void a_container_the_pod_does_not_list_gets_the_pod_names_only() {
    ContainerRef named = PodNames.enrich(ContainerRef.of("pause", "uid-1", QosClass.BURSTABLE, "/p"), POD);
    assertEquals("web-0", named.podName());
    assertNull(named.containerName());
  }

  @Test
  void names_the_sample_already_carries_are_kept() {
    ContainerRef own = ContainerRef.of("c1", "uid-1", QosClass.BURSTABLE, "/c1").withNames("p", "ns", "own");
    assertSame(own, PodNames.enrich(own, POD));
  }

  @Test
  void without_metadata_the_container_is_unchanged() {
    ContainerRef c = ContainerRef.of("c1", "uid-1", QosClass.BURSTABLE, "/c1");
    assertSame(c, PodNames.enrich(c, null));
  }
}
