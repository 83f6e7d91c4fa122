package io.fgm.podwatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link PodEventHandler}: informer events in, published records out, with an in-memory publisher. */
class PodEventHandlerTest {
  private final InMemoryPodMetadataPublisher publisher = new InMemoryPodMetadataPublisher();
  private final PodWatcherStats stats = new PodWatcherStats();
  private final List<Pod> cache = new ArrayList<>();
  private final PodEventHandler handler = new PodEventHandler(new PublishedPods(), publisher, stats,
      Clock.fixed(Instant.ofEpochMilli(42), ZoneOffset.UTC), () -> List.copyOf(cache));

  private static Pod pod(String uid, String containerId) {
    return new PodBuilder().withNewMetadata().withUid(uid).withName("p-" + uid).withNamespace("ns")
        .withResourceVersion(containerId).endMetadata()
        .withNewStatus().addNewContainerStatus().withName("c").withContainerID("containerd://" + containerId)
        .endContainerStatus().endStatus().build();
  }

  @Test
  void an_add_publishes_and_a_resync_of_the_same_pod_does_not() {
    Pod p = pod("u1", "c1");
    handler.onAdd(p);
    handler.onUpdate(p, p);
    assertEquals(1, publisher.sent.size());
    assertEquals(42, publisher.sent.get(0).metadata().updatedMs());
    assertEquals(1, stats.podsPublished.get());
    assertEquals(1, stats.unchangedSkipped.get());
  }

  @Test
  void a_delete_publishes_a_tombstone_even_when_the_final_state_is_unknown() {
    Pod p = pod("u1", "c1");
    handler.onAdd(p);
    handler.onDelete(p, true);
    assertEquals(2, publisher.sent.size());
    assertNull(publisher.sent.get(1).metadata());
    assertEquals(1, stats.tombstonesPublished.get());
  }

  @Test
  void a_failed_send_is_published_again_at_the_next_resync() {
    Pod p = pod("u1", "c1");
    publisher.failNext(1);
    handler.onAdd(p);
    assertEquals(0, publisher.sent.size());
    assertEquals(1, stats.publishErrors.get());
    handler.onUpdate(p, p); // resync
    assertEquals(1, publisher.sent.size());
  }

  @Test
  void a_failed_tombstone_is_retried_until_delivered() {
    Pod p = pod("u1", "c1");
    handler.onAdd(p);
    publisher.failNext(2);
    handler.onDelete(p, false);
    handler.retryFailedTombstones();
    assertEquals(1, publisher.sent.size());
    handler.retryFailedTombstones();
    assertEquals(2, publisher.sent.size());
    assertNull(publisher.sent.get(1).metadata());
    handler.retryFailedTombstones();
    assertEquals(2, publisher.sent.size(), "a delivered tombstone is not sent again");
  }

  @Test
  void a_relist_publishes_the_full_current_set_once() {
    Pod a = pod("a", "a1");
    Pod b = pod("b", "b1");
    handler.onBeforeList(null);
    handler.onAdd(a);
    handler.onAdd(b);
    cache.addAll(List.of(a, b));
    handler.onList("1", false);
    assertEquals(2, publisher.sent.size(), "the first list publishes each pod once");

    Pod b2 = pod("b", "b2");
    cache.set(1, b2);
    handler.onBeforeList("1");
    handler.onUpdate(b, b2); // what changed during the gap arrives as an update
    handler.onList("2", false);
    assertEquals(1, stats.relists.get());
    assertEquals(List.of("a", "b", "b", "a"), publisher.sent.stream().map(s -> s.podUid()).toList());
  }

  @Test
  void a_pod_without_uid_is_counted_and_skipped() {
    handler.onAdd(new PodBuilder().withNewMetadata().withName("x").withNamespace("ns").endMetadata().build());
    assertEquals(0, publisher.sent.size());
    assertEquals(1, stats.invalidPods.get());
  }
}
