package io.fgm.podwatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Tests for the configuration: {@link PodWatcherMain}'s flags and {@link PodWatcher.Builder}'s validation. */
class PodWatcherConfigTest {

  @Test
  void all_star_or_nothing_means_every_namespace() {
    assertEquals(List.of(), PodWatcherMain.parseNamespaces("all"));
    assertEquals(List.of(), PodWatcherMain.parseNamespaces("*"));
    assertEquals(List.of(), PodWatcherMain.parseNamespaces(" "));
  }

  @Test
  void a_namespace_list_is_comma_separated_trimmed_and_deduplicated() {
    assertEquals(List.of("shop", "kube-system"), PodWatcherMain.parseNamespaces("shop, kube-system,,shop"));
  }

  @Test
  void defaults_are_the_documented_ones() {
    PodWatcherMain m = new PodWatcherMain();
    new CommandLine(m).parseArgs();
    // the defaults fall back to the environment, which a CI machine may set; check only what it does not
    if (System.getenv("FGM_PODS_TOPIC") == null) {
      assertEquals("fgm.pods", m.topic);
    }
    if (System.getenv("FGM_KAFKA_BOOTSTRAP") == null) {
      assertEquals("localhost:9092", m.bootstrapServers);
    }
    if (System.getenv("FGM_RESYNC_SECONDS") == null) {
      assertEquals(300, m.resyncSeconds);
    }
  }

  @Test
  void bad_values_are_rejected_with_what_is_wrong() {
    var e = assertThrows(IllegalArgumentException.class, () -> PodWatcher.builder().resyncMs(10).build());
    assertTrue(e.getMessage().contains("resync"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PodWatcher.builder().partitions(0).build());
    assertThrows(IllegalArgumentException.class, () -> PodWatcher.builder().bootstrapServers(" ").build());
    assertThrows(IllegalArgumentException.class, () -> PodWatcher.builder().namespaces(List.of("")).build());
  }

  @Test
  void a_bad_flag_value_exits_with_a_usage_error_not_a_stack_trace() {
    int code = new CommandLine(new PodWatcherMain()).execute("--partitions", "0", "--http-port", "-1");
    assertEquals(2, code);
  }
}
