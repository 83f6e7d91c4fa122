package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.BATCH;
import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.DB;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.MEM;
import static io.fgm.query.fixture.ClusterFixture.OLD;
import static io.fgm.query.fixture.ClusterFixture.OLD_ONE;
import static io.fgm.query.fixture.ClusterFixture.SPIKE;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.T0;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link QueryService} over fixture Parquet files ({@link ClusterFixture}). */
class QueryServiceTest {
  private static final TimeRange ALL = new TimeRange(START, END - 1);

  @TempDir static Path store;
  static QueryService service;

  @BeforeAll
  static void writeStore() {
    ClusterFixture.write(store);
    service = new QueryService(QueryConfig.builder().storePath(store)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
  }

  @Test
  void lists_every_container_of_every_node_and_day_but_not_hidden_files() {
    ContainerPage page = service.containers(query(ALL, null, null, null, null));
    assertEquals(List.of(DB.containerId(), WEB.containerId(), BATCH.containerId()), ids(page));
    assertEquals(3, page.total());
  }

  @Test
  void container_carries_labels_metrics_and_first_and_last_seen_across_partitions() {
    ContainerInfo web = service.containers(query(ALL, null, null, null, "web")).containers().get(0);
    assertEquals("web-7d9f", web.podName());
    assertEquals("uid-web-7d9f", web.podUid());
    assertEquals("prod", web.namespace());
    assertEquals("web", web.containerName());
    assertEquals("Burstable", web.qos());
    assertEquals("node-a", web.node());
    assertEquals(List.of(CPU, MEM), web.metrics());
    assertEquals(START, web.firstSeenMs());
    assertEquals(END - 1000, web.lastSeenMs());
  }

  @Test
  void range_pruning_hides_containers_outside_the_range_and_finds_old_ones_inside_it() {
    assertFalse(ids(service.containers(query(ALL, null, null, null, null))).contains(OLD_ONE.containerId()));
    TimeRange old = new TimeRange(OLD - 1000, OLD + 120_000);
    assertEquals(List.of(OLD_ONE.containerId()), ids(service.containers(query(old, null, null, null, null))));
    TimeRange dayTwoOnly = new TimeRange(T0, END);
    assertEquals(List.of(DB.containerId(), WEB.containerId()),
        ids(service.containers(query(dayTwoOnly, null, null, null, null))));
  }

  @Test
  void filters_by_node_namespace_qos_and_name() {
    assertEquals(List.of(BATCH.containerId()), ids(service.containers(query(ALL, "worker-2", null, null, null))));
    assertEquals(List.of(DB.containerId(), WEB.containerId()),
        ids(service.containers(query(ALL, null, "prod", null, null))));
    assertEquals(List.of(DB.containerId()), ids(service.containers(query(ALL, null, null, "Guaranteed", null))));
    assertEquals(List.of(DB.containerId()), ids(service.containers(query(ALL, null, null, null, "POSTGRES"))));
    assertEquals(List.of(), ids(service.containers(query(ALL, "no-such-node", null, null, null))));
  }

  @Test
  void pages_with_offset_and_limit_and_reports_the_total() {
    ContainerPage page = service.containers(ContainerQuery.builder(ALL).offset(1).limit(1).build());
    assertEquals(3, page.total());
    assertEquals(List.of(WEB.containerId()), ids(page));
  }

  @Test
  void nodes_lists_both_nodes_with_container_counts() {
    List<NodeInfo> nodes = service.nodes(ALL);
    assertEquals(List.of(new NodeInfo("node-a", 2, START, END - 1000), new NodeInfo("worker-2", 1, START, T0 - 1000)),
        nodes);
  }

  @Test
  void metrics_lists_the_catalogue_with_units_and_what_is_stored() {
    List<MetricInfo> metrics = service.metrics(ALL);
    MetricInfo cpu = metrics.stream().filter(m -> m.name().equals(CPU)).findFirst().orElseThrow();
    assertEquals("m", cpu.unit());
    assertEquals(3, cpu.containers());
    MetricInfo mem = metrics.stream().filter(m -> m.name().equals(MEM)).findFirst().orElseThrow();
    assertEquals("B", mem.unit());
    assertEquals(2, mem.containers());
    assertTrue(metrics.stream().anyMatch(m -> m.name().equals("io.read_bytes") && m.containers() == 0));
  }

  @Test
  void timeseries_returns_every_row_in_range_sorted_across_files_and_days() {
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of(WEB.containerId()), ALL, 10_000));
    assertEquals(1, r.series().size());
    TimeseriesResult.Series s = r.series().get(0);
    long[] expectedTimes = LongStream.iterate(START, t -> t < END, t -> t + 1000).toArray();
    assertArrayEquals(expectedTimes, s.t());
    assertEquals(ClusterFixture.webCpu(START), s.v()[0]);
    assertEquals(ClusterFixture.webCpu(END - 1000), s.v()[s.v().length - 1]);
    assertFalse(s.downsampled());
    assertEquals("m", r.unit());
    assertEquals("node-a", s.node());
  }

  @Test
  void timeseries_reads_only_the_files_that_hold_the_containers_and_metric() {
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(MEM, List.of(DB.containerId()), ALL, 10_000));
    assertEquals(2, r.filesRead()); // part-0002 (day 1) and part-0004 (day 2); CPU-only files skipped
    assertTrue(r.filesSkipped() >= 3);
    assertEquals(ClusterFixture.rowsPerSeries(), r.rowsRead());
  }

  @Test
  void timeseries_cuts_rows_to_the_range_boundaries() {
    TimeRange fiveSeconds = new TimeRange(T0 - 2000, T0 + 2000);
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of(DB.containerId()), fiveSeconds, 100));
    assertArrayEquals(new long[] {T0 - 2000, T0 - 1000, T0, T0 + 1000, T0 + 2000}, r.series().get(0).t());
  }

  @Test
  void downsampling_keeps_a_one_second_spike() {
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of(BATCH.containerId()), ALL, 20));
    TimeseriesResult.Series s = r.series().get(0);
    assertTrue(s.downsampled());
    assertTrue(s.t().length <= 20);
    int spike = java.util.Arrays.stream(s.v()).boxed().toList().indexOf(5000.0);
    assertTrue(spike >= 0, "spike kept");
    assertEquals(SPIKE, s.t()[spike]);
  }

  @Test
  void unknown_containers_are_reported_missing_not_failed() {
    TimeseriesResult r =
        service.timeseries(new TimeseriesQuery(CPU, List.of("nope", WEB.containerId()), ALL, 10_000));
    assertEquals(List.of("nope"), r.missing());
    assertEquals(WEB.containerId(), r.series().get(0).containerId());
  }

  @Test
  void bad_requests_name_the_parameter() {
    assertEquals("metric", assertThrows(BadParameterException.class, () ->
        service.timeseries(new TimeseriesQuery("no.such_metric", List.of("x"), ALL, 100))).parameter());
    assertEquals("points", assertThrows(BadParameterException.class, () ->
        service.timeseries(new TimeseriesQuery(CPU, List.of("x"), ALL, 1))).parameter());
    assertEquals("from", assertThrows(BadParameterException.class, () ->
        service.nodes(new TimeRange(0, END))).parameter());
    assertEquals("limit", assertThrows(BadParameterException.class, () ->
        service.containers(ContainerQuery.builder(ALL).limit(0).build())).parameter());
  }

  @Test
  void sorting_by_a_metric_ranks_highest_first_and_reports_the_values() {
    ContainerPage byAvg = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "avg")).build());
    assertEquals(List.of(DB.containerId(), WEB.containerId(), BATCH.containerId()), ids(byAvg));
    assertEquals(500.0, byAvg.values().get(DB.containerId()));
    assertEquals(50 + 4950.0 / 600, byAvg.values().get(BATCH.containerId()), 1e-9);
    ContainerPage byMax = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "max")).limit(1).build());
    assertEquals(List.of(BATCH.containerId()), ids(byMax)); // the 5000 m spike
    assertEquals(5000.0, byMax.values().get(BATCH.containerId()));
    assertEquals(3, byMax.total());
  }

  @Test
  void a_rare_tall_spike_ranks_first_by_max_but_last_by_p95_where_the_steadily_high_container_leads() {
    ContainerPage byMax = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "max")).build());
    assertEquals(BATCH.containerId(), ids(byMax).get(0)); // one 5000 m second among 600 at 50 m
    ContainerPage byP95 = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "p95")).build());
    assertEquals(List.of(DB.containerId(), WEB.containerId(), BATCH.containerId()), ids(byP95));
    assertEquals(500.0, byP95.values().get(DB.containerId()));
    assertEquals(50.0, byP95.values().get(BATCH.containerId()));
    // 1,200 web values 100 + 0.1 i: type 7 puts p95 at h = 1199 x 0.95 = 1139.05
    assertEquals(100 + 113.905, byP95.values().get(WEB.containerId()), 1e-9);
    ContainerPage byP99 = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "p99")).build());
    assertEquals(50.0, byP99.values().get(BATCH.containerId())); // 1 spike in 600 is above the 99th percentile too
    ContainerPage byP50 = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(MEM, "p50")).build());
    assertEquals(List.of(DB.containerId(), WEB.containerId()), ids(byP50));
    assertEquals(205e6, byP50.values().get(WEB.containerId())); // 600 s at 200 MB then 600 s at 210 MB
  }

  @Test
  void a_percentile_sort_that_could_exceed_the_value_cap_is_refused_naming_sort() {
    QueryService capped = new QueryService(QueryConfig.builder().storePath(store).maxPercentileValues(3_000)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
    // 1,200 s x 3 containers = 3,600 values > 3,000
    BadParameterException e = assertThrows(BadParameterException.class, () -> capped.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "p95")).build()));
    assertEquals("sort", e.parameter());
    assertTrue(e.getMessage().contains("3000"), e.getMessage());
    // the same range over one node's two containers (2,400 values) fits, and avg/max/min are never capped
    assertEquals(2, capped.containers(ContainerQuery.builder(ALL).node("node-a")
        .sort(new ContainerQuery.Sort(CPU, "p95")).build()).total());
    assertEquals(3, capped.containers(ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(CPU, "max")).build())
        .total());
  }

  @Test
  void an_unknown_sort_statistic_is_refused_listing_every_statistic() {
    BadParameterException e = assertThrows(BadParameterException.class,
        () -> ContainerQuery.Sort.parse("sort", CPU + ":p90"));
    assertEquals("sort", e.parameter());
    for (String stat : List.of("avg", "max", "min", "p50", "p95", "p99")) {
      assertTrue(e.getMessage().contains(stat), e.getMessage());
    }
    assertEquals(new ContainerQuery.Sort(CPU, "p95"), ContainerQuery.Sort.parse("sort", CPU + ":p95"));
  }

  @Test
  void sorting_is_exact_when_the_range_cuts_files() {
    TimeRange part = new TimeRange(T0 - 10_000, T0 + 9_000); // 10 s of day 1's second file, 10 s of day 2's
    ContainerPage p = service.containers(ContainerQuery.builder(part).sort(new ContainerQuery.Sort(CPU, "max")).build());
    assertEquals(ClusterFixture.webCpu(T0 + 9_000), p.values().get(WEB.containerId()), 1e-9);
    ContainerPage again = service.containers(
        ContainerQuery.builder(ALL).sort(new ContainerQuery.Sort(MEM, "min")).build());
    assertEquals(List.of(DB.containerId(), WEB.containerId()), ids(again)); // containers without memory left out
    assertEquals(200e6, again.values().get(WEB.containerId()));
  }

  @Test
  void a_selector_and_a_fuzzy_search_filter_and_order() {
    ContainerPage sel = service.containers(
        ContainerQuery.builder(ALL).selector(LabelSelector.parse("namespace in (prod,jobs),qos!=Guaranteed")).build());
    assertEquals(List.of(WEB.containerId(), BATCH.containerId()), ids(sel));
    ContainerPage fuzzy = service.containers(ContainerQuery.builder(ALL).search("pgres").build());
    assertEquals(List.of(DB.containerId()), ids(fuzzy));
    ContainerPage ranked = service.containers(ContainerQuery.builder(ALL).search("rep").build());
    assertEquals(BATCH.containerId(), ids(ranked).get(0));
  }

  @Test
  void a_corrupt_file_is_skipped_and_counted() {
    service.containers(query(ALL, null, null, null, null));
    assertEquals(1, service.index().unreadableFiles());
  }

  private static ContainerQuery query(TimeRange r, String node, String ns, String qos, String name) {
    return ContainerQuery.builder(r).node(node).namespace(ns).qos(qos).name(name).limit(100).build();
  }

  private static List<String> ids(ContainerPage page) {
    return page.containers().stream().map(ContainerInfo::containerId).toList();
  }
}
