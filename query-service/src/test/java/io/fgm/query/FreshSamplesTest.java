package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.store.LocalStoreFs;
import io.fgm.query.tail.SampleTail;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.CounterRates;
import io.fgm.schema.QosClass;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the merge of the samples tail into {@link QueryService}'s answers: the fixture store in Parquet (web's
 * CPU up to {@code END - 1 s}) plus a tail that overlaps its last seconds and goes 5 s further, and a container that
 * only the tail knows.
 */
class FreshSamplesTest {
  static final long NOW = END + 10_000;
  static final ContainerRef FRESH = new ContainerRef("c-fresh-0009", "uid-fresh", QosClass.GUARANTEED,
      "/kubepods/c-fresh-0009", false, "fresh-0", "prod", "fresh");
  @TempDir static Path store;
  static QueryService service;
  static StudyService studies;
  /** Web's last 10 s of Parquet plus the tail's 6 s after it. */
  static final TimeRange LAST = new TimeRange(END - 10_000, NOW);

  @BeforeAll
  static void start() {
    ClusterFixture.write(store);
    QueryConfig config = QueryConfig.builder().storePath(store)
        .clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)).build();
    SampleTail tail = new SampleTail(300_000, 600, 100_000, CounterRates.DEFAULT_MAX_GAP_MS, () -> NOW);
    for (long t = END - 3000; t <= END + 5000; t += 1000) {
      // the overlapping seconds carry another value: Parquet must win there
      tail.add(new ContainerSample(t, "node-a", WEB, Map.of(CPU, t < END ? 9999.0 : 7777.0)));
      tail.add(new ContainerSample(t, "node-c", FRESH, Map.of(CPU, 42.0, "cpu.usage_us", (t - END) * 100.0)));
    }
    service = new QueryService(config, LocalStoreFs.INSTANCE, tail);
    studies = new StudyService(service, 200_000);
  }

  /** Web's CPU over {@link #LAST} as Parquet and the tail give it together: 10 stored seconds, then 6 of 7777. */
  static double[] webLast() {
    double[] v = new double[16];
    for (int i = 0; i < 16; i++) {
      long t = END - 10_000 + i * 1000L;
      v[i] = t < END ? ClusterFixture.webCpu(t) : 7777.0;
    }
    return v;
  }

  @Test
  void the_tail_adds_the_seconds_after_parquet_and_parquet_wins_where_both_have_them() {
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of(WEB.containerId()),
        new TimeRange(END - 10_000, NOW), 10_000, TierPlan.Choice.AUTO));
    TimeseriesResult.Series s = r.series().get(0);
    assertEquals(16, s.t().length); // 10 s from Parquet (END-10 s .. END-1 s), 6 from the tail (END .. END+5 s)
    for (int i = 0; i < s.t().length; i++) {
      double expected = s.t()[i] < END ? ClusterFixture.webCpu(s.t()[i]) : 7777.0;
      assertEquals(expected, s.v()[i], "at " + s.t()[i]);
    }
    assertEquals(END + 5000, s.t()[s.t().length - 1]);
    assertEquals("web-7d9f", s.podName());
  }

  @Test
  void a_container_only_the_tail_knows_is_listed_and_drawn_with_its_derived_rates() {
    ContainerPage page = service.containers(ContainerQuery.builder(new TimeRange(START, NOW)).node("node-c").build());
    assertEquals(1, page.total());
    ContainerInfo c = page.containers().get(0);
    assertEquals(FRESH.containerId(), c.containerId());
    assertEquals("fresh-0", c.podName());
    assertEquals(END + 5000, c.lastSeenMs());
    assertTrue(c.metrics().contains("cpu.usage_millicores"));
    TimeseriesResult r = service.timeseries(new TimeseriesQuery("cpu.usage_millicores", List.of(FRESH.containerId()),
        new TimeRange(END, NOW), 100, TierPlan.Choice.AUTO));
    assertEquals(List.of(), r.missing());
    // the sample's own value of cpu.usage_millicores (42) is overwritten by the rate derived from cpu.usage_us:
    // 100 us per ms of wall time = 100 m, as Flink derives it
    assertEquals(100.0, r.series().get(0).v()[0]);
    assertTrue(service.nodes(new TimeRange(START, NOW)).stream().anyMatch(n -> n.node().equals("node-c")));
  }

  @Test
  void a_listing_of_a_known_container_reaches_the_current_second() {
    ContainerPage page = service.containers(ContainerQuery.builder(new TimeRange(START, NOW)).name("web").build());
    assertEquals(END + 5000, page.containers().get(0).lastSeenMs());
    assertEquals(START, page.containers().get(0).firstSeenMs());
  }

  @Test
  void a_ranking_counts_the_tail_seconds_after_parquet_once_and_not_the_overlapping_ones() {
    // Parquet alone: db (500 m) above web (~220 m); the tail's 7777 after END puts web first, its 9999 on seconds
    // Parquet already has must not count
    ContainerPage max = service.containers(ContainerQuery.builder(LAST).node("node-a")
        .sort(new ContainerQuery.Sort(CPU, "max")).build());
    assertEquals(WEB.containerId(), max.containers().get(0).containerId());
    assertEquals(7777.0, max.values().get(WEB.containerId()));
    assertEquals(500.0, max.values().get(ClusterFixture.DB.containerId()));
    ContainerPage avg = service.containers(ContainerQuery.builder(LAST).node("node-a")
        .sort(new ContainerQuery.Sort(CPU, "avg")).build());
    assertEquals(java.util.Arrays.stream(webLast()).average().orElseThrow(), avg.values().get(WEB.containerId()),
        1e-9);
    ContainerPage p50 = service.containers(ContainerQuery.builder(LAST).node("node-a")
        .sort(new ContainerQuery.Sort(CPU, "p50")).build());
    double[] sorted = webLast().clone();
    java.util.Arrays.sort(sorted);
    assertEquals((sorted[7] + sorted[8]) / 2, p50.values().get(WEB.containerId()), 1e-9);
  }

  @Test
  void a_container_only_the_tail_knows_is_ranked() {
    ContainerPage page = service.containers(ContainerQuery.builder(LAST).sort(new ContainerQuery.Sort(CPU, "min"))
        .build());
    // its first sample's own value (no rate yet) is its smallest
    assertEquals(42.0, page.values().get(FRESH.containerId()), page.values().toString());
  }

  @Test
  void a_summary_reaches_the_current_second_and_counts_each_second_once() {
    StudyResults.MetricSummary s = studies.summary(List.of(WEB.containerId()), List.of(CPU), LAST)
        .containers().get(0).metrics().get(CPU);
    assertEquals(16, s.count());
    assertEquals(7777.0, s.max());
    assertEquals(7777.0, s.last());
    assertEquals(END + 5000, s.lastTimeMs());
    assertEquals(java.util.Arrays.stream(webLast()).average().orElseThrow(), s.avg(), 1e-9);
  }

  @Test
  void a_study_of_a_container_only_the_tail_knows_has_its_names_and_points() {
    var s = studies.changepoint(FRESH.containerId(), "cpu.usage_millicores", LAST,
        io.fgm.studies.changepoint.ChangepointOptions.defaults());
    assertEquals(9, s.points()); // END-3 s .. END+5 s: the first sample's own 42, then the derived 100 m
    assertEquals("fresh-0", s.podName());
  }

  @Test
  void a_changepoint_study_sees_the_step_that_only_the_tail_holds() {
    var s = studies.changepoint(WEB.containerId(), CPU, LAST,
        io.fgm.studies.changepoint.ChangepointOptions.defaults());
    assertEquals(16, s.points());
    // web's stored ramp of 0.1 m/s is cut into small steps too; the tail's jump to 7777 is the largest, at END
    var largest = s.result().changepoints().stream()
        .max(java.util.Comparator.comparingDouble(c -> Math.abs(c.absoluteChange()))).orElseThrow();
    assertEquals(END, largest.timeMs());
    assertTrue(largest.absoluteChange() > 7000, largest.toString());
  }
}
