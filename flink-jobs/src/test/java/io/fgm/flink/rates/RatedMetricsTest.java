package io.fgm.flink.rates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.CounterRates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RatedMetrics} is the map a copy of the raw metrics with the rates put over them would be. */
class RatedMetricsTest {
  private static final Map<String, Double> BEFORE =
      Map.of("cpu.usage_us", 1_000_000.0, "io.read_bytes", 4096.0, "memory.usage_bytes", 1e9);
  private static final Map<String, Double> AFTER =
      Map.of("cpu.usage_us", 1_250_000.0, "io.read_bytes", 8192.0, "memory.usage_bytes", 1.1e9);

  private static Map<String, Double> copy(Map<String, Double> raw, Map<String, Double> derived) {
    Map<String, Double> all = new HashMap<>(raw);
    all.putAll(derived);
    return all;
  }

  @Test
  void equalsTheCopyWithTheRatesAndIteratesEveryEntryOnce() {
    RatedMetrics rated = new RatedMetrics(AFTER);
    int n = CounterRates.deriveInto(CounterRates.snapshot(BEFORE), 0, CounterRates.snapshot(AFTER), 1000,
        CounterRates.DEFAULT_MAX_GAP_MS, rated);
    rated.seal();
    Map<String, Double> expected =
        copy(AFTER, CounterRates.derive(CounterRates.snapshot(BEFORE), 0, CounterRates.snapshot(AFTER), 1000,
            CounterRates.DEFAULT_MAX_GAP_MS));
    assertEquals(2, n);
    assertEquals(expected, rated);
    assertEquals(expected.hashCode(), rated.hashCode());
    assertEquals(250.0, rated.get("cpu.usage_millicores"));
    assertEquals(1e9 * 1.1, rated.get("memory.usage_bytes"));
    assertNull(rated.get("io.write_bytes_per_s"));
    assertFalse(rated.containsKey("io.write_bytes_per_s"));
    List<String> keys = new ArrayList<>();
    rated.forEach((k, v) -> keys.add(k));
    assertEquals(expected.size(), keys.size());
    assertEquals(expected.keySet(), new java.util.HashSet<>(keys));
    assertFalse(rated.overlapsRaw());
  }

  @Test
  void tellsWhenARateIsAlreadyAmongTheRawMetricsAndRefusesWritesOnceSealed() {
    Map<String, Double> raw = new HashMap<>(AFTER);
    raw.put("cpu.usage_millicores", 999.0); // an agent that sent a derived metric itself
    RatedMetrics rated = new RatedMetrics(raw);
    CounterRates.deriveInto(CounterRates.snapshot(BEFORE), 0, CounterRates.snapshot(AFTER), 1000,
        CounterRates.DEFAULT_MAX_GAP_MS, rated);
    assertTrue(rated.overlapsRaw());
    rated.seal();
    assertThrows(UnsupportedOperationException.class, () -> rated.put("x", 1.0));
  }
}
