package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for {@link Metric}. */
class MetricTest {
  @Test
  void every_key_is_unique_and_found_again_by_key() {
    Set<String> keys = new HashSet<>();
    for (Metric m : Metric.values()) {
      assertTrue(keys.add(m.key()), "duplicate " + m.key());
      assertEquals(m, Metric.byKey(m.key()).orElseThrow());
    }
    assertTrue(Metric.byKey("no.such_metric").isEmpty());
  }

  @Test
  void keys_are_lowercase_dotted_names() {
    for (Metric m : Metric.values()) {
      assertTrue(m.key().matches("[a-z0-9_]+(\\.[a-z0-9_]+)+"), m.key());
    }
  }
}
