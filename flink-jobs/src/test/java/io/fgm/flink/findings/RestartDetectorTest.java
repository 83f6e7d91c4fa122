package io.fgm.flink.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import org.junit.jupiter.api.Test;

/** Tests for {@link RestartDetector}. */
class RestartDetectorTest {
  private static ContainerStart start(String id, long firstSeenMs) {
    ContainerStart s = new ContainerStart();
    s.node = "n";
    s.podUid = "uid-1";
    s.podName = "web-0";
    s.namespace = "shop";
    s.containerName = "app";
    s.containerId = id;
    s.firstSeenMs = firstSeenMs;
    return s;
  }

  @Test
  void a_new_container_id_for_the_same_pod_container_is_a_restart_at_its_first_sample() {
    RestartDetector.Step step = RestartDetector.observe(start("aaa", 1000), start("bbb", 5000));
    Finding f = step.restart();
    assertEquals(FindingKind.RESTART, f.kind());
    assertEquals("bbb", f.containerId());
    assertEquals(5000, f.startMs());
    assertEquals("app", f.containerName());
    assertEquals(Finding.idOf("n", "bbb", RestartDetector.METRIC, FindingKind.RESTART, 5000), f.findingId());
    assertTrue(f.description().contains("was aaa"), f.description());
    assertEquals("bbb", step.remember().containerId);
  }

  @Test
  void announcements_in_either_order_give_the_same_single_restart() {
    RestartDetector.Step late = RestartDetector.observe(start("bbb", 5000), start("aaa", 1000));
    assertEquals(RestartDetector.observe(start("aaa", 1000), start("bbb", 5000)).restart(), late.restart());
    assertEquals("bbb", late.remember().containerId);
    assertNull(RestartDetector.observe(late.remember(), start("aaa", 1000)).restart(), "reported once");
    assertNull(RestartDetector.observe(late.remember(), start("bbb", 5000)).restart(), "a repeated announcement");
  }

  @Test
  void the_first_container_of_a_pod_is_no_restart() {
    RestartDetector.Step step = RestartDetector.observe(null, start("aaa", 1000));
    assertNull(step.restart());
    assertEquals("aaa", step.remember().containerId);
  }
}
