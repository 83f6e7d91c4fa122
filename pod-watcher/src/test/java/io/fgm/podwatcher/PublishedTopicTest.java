package io.fgm.podwatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for {@link PublishedTopic#orphans}: which pods of the topic get a tombstone at start-up. */
class PublishedTopicTest {
  private final Map<String, String> topic = Map.of("a", "shop", "b", "shop", "c", "kube-system");

  @Test
  void pods_in_the_topic_but_not_in_the_cluster_are_orphans() {
    assertEquals(List.of("b", "c"), PublishedTopic.orphans(topic, Set.of("a"), List.of()));
  }

  @Test
  void only_pods_of_watched_namespaces_are_orphans() {
    assertEquals(List.of("b"), PublishedTopic.orphans(topic, Set.of("a"), List.of("shop")));
  }

  @Test
  void nothing_is_an_orphan_when_the_cluster_has_every_pod() {
    assertEquals(List.of(), PublishedTopic.orphans(topic, Set.of("a", "b", "c", "d"), List.of()));
  }
}
