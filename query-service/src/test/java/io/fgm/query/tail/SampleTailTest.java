package io.fgm.query.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.QosClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tests for {@link SampleTail}: rates like Flink, duplicates, order, and the three bounds. */
class SampleTailTest {
  static final long T = 1_800_000_000_000L;
  static final ContainerRef WEB = new ContainerRef("c-web", "uid-web", QosClass.BURSTABLE, "/kubepods/c-web", false,
      "web-1", "prod", "web");
  final AtomicLong now = new AtomicLong(T + 60_000);

  SampleTail tail(int perSeries, long total) {
    return new SampleTail(300_000, perSeries, total, io.fgm.schema.CounterRates.DEFAULT_MAX_GAP_MS, now::get);
  }

  static ContainerSample sample(long t, ContainerRef c, Map<String, Double> metrics) {
    return new ContainerSample(t, "node-a", c, metrics);
  }

  static List<long[]> read(SampleTail tail, String metric, Map<String, Long> after) {
    List<long[]> out = new ArrayList<>();
    tail.points(metric, Set.of("c-web"), new TimeRange(0, Long.MAX_VALUE / 2), after,
        (id, t, v) -> out.add(new long[] {t, (long) v}));
    return out;
  }

  @Test
  void rates_are_derived_from_consecutive_samples_and_duplicates_are_dropped() {
    SampleTail tail = tail(600, 10_000);
    tail.add(sample(T, WEB, Map.of("cpu.usage_us", 0.0, "memory.current_bytes", 100.0)));
    tail.add(sample(T + 1000, WEB, Map.of("cpu.usage_us", 250_000.0, "memory.current_bytes", 110.0)));
    tail.add(sample(T + 1000, WEB, Map.of("cpu.usage_us", 999_999.0, "memory.current_bytes", 999.0))); // a retry
    tail.add(sample(T + 2000, WEB, Map.of("cpu.usage_us", 750_000.0, "memory.current_bytes", 120.0)));
    assertEquals(List.of(List.of(T + 1000, 250L), List.of(T + 2000, 500L)),
        read(tail, "cpu.usage_millicores", Map.of()).stream().map(p -> List.of(p[0], p[1])).toList());
    assertEquals(3, read(tail, "memory.current_bytes", Map.of()).size());
  }

  @Test
  void an_out_of_order_sample_is_kept_without_rates_and_does_not_move_the_counters_back() {
    SampleTail tail = tail(600, 10_000);
    tail.add(sample(T, WEB, Map.of("cpu.usage_us", 0.0)));
    tail.add(sample(T + 2000, WEB, Map.of("cpu.usage_us", 2_000_000.0)));
    tail.add(sample(T + 1000, WEB, Map.of("cpu.usage_us", 1_000_000.0))); // late
    tail.add(sample(T + 3000, WEB, Map.of("cpu.usage_us", 3_000_000.0)));
    List<long[]> rates = read(tail, "cpu.usage_millicores", Map.of());
    assertEquals(List.of(T + 2000, T + 3000), rates.stream().map(p -> p[0]).toList());
    assertEquals(1000L, rates.get(1)[1]); // from T+2000, not from the late sample
    assertEquals(4, read(tail, "cpu.usage_us", Map.of()).size());
  }

  @Test
  void only_the_seconds_after_what_parquet_has_are_given() {
    SampleTail tail = tail(600, 10_000);
    for (int s = 0; s < 10; s++) {
      tail.add(sample(T + s * 1000L, WEB, Map.of("memory.current_bytes", (double) s)));
    }
    assertEquals(List.of(T + 7000, T + 8000, T + 9000),
        read(tail, "memory.current_bytes", Map.of("c-web", T + 6000)).stream().map(p -> p[0]).toList());
  }

  @Test
  void points_older_than_the_window_are_not_answered_and_expire() {
    SampleTail tail = tail(600, 10_000);
    tail.add(sample(T, WEB, Map.of("memory.current_bytes", 1.0)));
    tail.add(sample(T + 1000, WEB, Map.of("memory.current_bytes", 2.0)));
    now.set(T + 300_500); // the first point is now 300.5 s old, the second 299.5 s
    assertEquals(List.of(T + 1000), read(tail, "memory.current_bytes", Map.of()).stream().map(p -> p[0]).toList());
    tail.expire();
    assertEquals(1, tail.points());
    now.set(T + 400_000);
    tail.expire();
    assertEquals(0, tail.points());
    assertTrue(tail.containers(new TimeRange(0, Long.MAX_VALUE / 2)).isEmpty());
  }

  @Test
  void a_series_keeps_its_newest_points_up_to_its_bound_and_the_total_stays_bounded() {
    SampleTail tail = tail(5, 40);
    for (int s = 0; s < 20; s++) {
      tail.add(sample(T + s * 1000L, WEB, Map.of("memory.current_bytes", (double) s)));
    }
    assertEquals(List.of(T + 15_000, T + 16_000, T + 17_000, T + 18_000, T + 19_000),
        read(tail, "memory.current_bytes", Map.of()).stream().map(p -> p[0]).toList());
    for (int c = 0; c < 30; c++) {
      ContainerRef other = new ContainerRef("c-" + c, null, QosClass.NONE, "/x" + c, false, null, null, null);
      tail.add(sample(T + 20_000, other, Map.of("memory.current_bytes", 1.0, "pids.current", 3.0)));
    }
    assertTrue(tail.points() <= 40, "points " + tail.points());
  }

  @Test
  void containers_carry_labels_metrics_and_the_span_seen_in_the_range() {
    SampleTail tail = tail(600, 10_000);
    tail.add(sample(T, WEB, Map.of("cpu.usage_us", 0.0)));
    tail.add(sample(T + 1000, WEB, Map.of("cpu.usage_us", 1000.0, "pids.current", 4.0)));
    ContainerInfo c = tail.containers(new TimeRange(T, T + 5000)).get("c-web");
    assertEquals("web-1", c.podName());
    assertEquals("Burstable", c.qos());
    assertEquals("node-a", c.node());
    assertEquals(List.of("cpu.usage_millicores", "cpu.usage_us", "pids.current"), c.metrics());
    assertEquals(T, c.firstSeenMs());
    assertEquals(T + 1000, c.lastSeenMs());
    assertEquals(T + 1000, tail.containers(new TimeRange(T + 500, T + 5000)).get("c-web").firstSeenMs());
  }
}
