package io.fgm.podwatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link PodMetadataMapper}. */
class PodMetadataMapperTest {

  private static PodBuilder pod() {
    return new PodBuilder()
        .withNewMetadata().withUid("uid-1").withName("web-0").withNamespace("shop")
        .addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("node-7").endSpec();
  }

  private static ContainerStatus status(String name, String id) {
    return new ContainerStatusBuilder().withName(name).withContainerID(id).build();
  }

  @Test
  void names_labels_node_and_qos_are_copied_from_the_pod() {
    Pod p = pod().withNewStatus().withQosClass("Guaranteed").endStatus().build();
    PodMetadata m = PodMetadataMapper.toPodMetadata(p, 1234L);
    assertEquals("uid-1", m.podUid());
    assertEquals("web-0", m.podName());
    assertEquals("shop", m.namespace());
    assertEquals("node-7", m.node());
    assertEquals("Guaranteed", m.qosClass());
    assertEquals(Map.of("app", "web"), m.labels());
    assertEquals(1234L, m.updatedMs());
  }

  @Test
  void runtime_prefixes_are_stripped_from_container_ids() {
    Pod p = pod().withNewStatus().withContainerStatuses(
        status("a", "containerd://c1"), status("b", "cri-o://c2"), status("c", "docker://c3")).endStatus().build();
    assertEquals(Map.of("c1", "a", "c2", "b", "c3", "c"), PodMetadataMapper.toPodMetadata(p, 0).containers());
  }

  @Test
  void init_and_ephemeral_containers_are_mapped_too() {
    Pod p = pod().withNewStatus()
        .withInitContainerStatuses(status("init-db", "containerd://i1"))
        .withContainerStatuses(status("app", "containerd://a1"))
        .withEphemeralContainerStatuses(status("debugger", "containerd://e1"))
        .endStatus().build();
    assertEquals(Map.of("i1", "init-db", "a1", "app", "e1", "debugger"),
        PodMetadataMapper.toPodMetadata(p, 0).containers());
  }

  @Test
  void the_previous_instance_of_a_restarted_container_keeps_its_name() {
    Pod p = pod().withNewStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app")
        .withContainerID("containerd://new").withNewLastState().withNewTerminated().withContainerID("containerd://old")
        .endTerminated().endLastState().build()).endStatus().build();
    assertEquals(Map.of("new", "app", "old", "app"), PodMetadataMapper.toPodMetadata(p, 0).containers());
  }

  @Test
  void containers_that_have_not_started_have_no_id_and_are_left_out() {
    Pod p = pod().withNewStatus().withContainerStatuses(status("waiting", null), status("empty", ""),
        status("running", "containerd://r1")).endStatus().build();
    assertEquals(Map.of("r1", "running"), PodMetadataMapper.toPodMetadata(p, 0).containers());
  }

  @Test
  void a_pod_without_status_or_node_has_no_containers_node_or_qos() {
    Pod p = new PodBuilder().withNewMetadata().withUid("u").withName("pending").withNamespace("ns").endMetadata()
        .build();
    PodMetadata m = PodMetadataMapper.toPodMetadata(p, 0);
    assertNull(m.node());
    assertNull(m.qosClass());
    assertTrue(m.containers().isEmpty());
    assertTrue(m.labels().isEmpty());
    assertEquals(m.podUid(), decoded(m).podUid(), "a sparse pod still encodes and decodes");
  }

  @Test
  void a_pod_without_uid_name_or_namespace_is_rejected_with_its_name() {
    Pod noUid = new PodBuilder().withNewMetadata().withName("x").withNamespace("ns").endMetadata().build();
    InvalidPodException e = assertThrows(InvalidPodException.class, () -> PodMetadataMapper.toPodMetadata(noUid, 0));
    assertTrue(e.getMessage().contains("ns/x"), e.getMessage());
    assertThrows(InvalidPodException.class, () -> PodMetadataMapper.toPodMetadata(new Pod(), 0));
    assertThrows(InvalidPodException.class, () -> PodMetadataMapper.toPodMetadata(null, 0));
  }

  @Test
  void only_published_fields_count_as_a_change() {
    PodMetadata a = PodMetadataMapper.toPodMetadata(pod().build(), 1);
    PodMetadata laterSame = PodMetadataMapper.toPodMetadata(pod().withNewStatus().withPodIP("10.1.1.1").endStatus()
        .build(), 2);
    PodMetadata relabelled = PodMetadataMapper.toPodMetadata(pod().editMetadata().addToLabels("v", "2")
        .endMetadata().build(), 3);
    assertTrue(PodMetadataMapper.samePublishedFields(a, laterSame));
    assertFalse(PodMetadataMapper.samePublishedFields(a, relabelled));
  }

  private static PodMetadata decoded(PodMetadata m) {
    try {
      return PodMetadataCodec.decode(PodMetadataCodec.encode(m));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
