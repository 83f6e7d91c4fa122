package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.store.LocalStoreFs;
import io.fgm.query.tail.SampleRates;
import io.fgm.query.tail.SampleTail;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
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

  @BeforeAll
  static void start() {
    ClusterFixture.write(store);
    QueryConfig config = QueryConfig.builder().storePath(store)
        .clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)).build();
    SampleTail tail = new SampleTail(300_000, 600, 100_000, SampleRates.DEFAULT_MAX_GAP_MS, () -> NOW);
    for (long t = END - 3000; t <= END + 5000; t += 1000) {
      // the overlapping seconds carry another value: Parquet must win there
      tail.add(new ContainerSample(t, "node-a", WEB, Map.of(CPU, t < END ? 9999.0 : 7777.0)));
      tail.add(new ContainerSample(t, "node-c", FRESH, Map.of(CPU, 42.0, "cpu.usage_us", (t - END) * 100.0)));
    }
    service = new QueryService(config, LocalStoreFs.INSTANCE, tail);
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
}
