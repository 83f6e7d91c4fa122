package io.fgm.query.findings;

import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.OLD;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.FindingFixture.LEAK;
import static io.fgm.query.fixture.FindingFixture.OOM;
import static io.fgm.query.fixture.FindingFixture.STEP_BATCH;
import static io.fgm.query.fixture.FindingFixture.STEP_WEB;
import static io.fgm.query.fixture.FindingFixture.THROTTLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.BadParameterException;
import io.fgm.query.QueryConfig;
import io.fgm.query.TimeRange;
import io.fgm.query.fixture.FindingFixture;
import io.fgm.query.tail.FindingTail;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link FindingService} and {@link ParquetFindingSource} over the findings fixture in Parquet. */
class FindingServiceTest {
  static final TimeRange RANGE = new TimeRange(START, END);
  @TempDir static Path store;
  static QueryConfig config;
  static FindingService service;

  @BeforeAll
  static void write() {
    FindingFixture.write(store);
    config = QueryConfig.builder().storePath(store).build();
    service = new FindingService(config, List.of(source()));
  }

  static ParquetFindingSource source() {
    return new ParquetFindingSource(io.fgm.query.store.LocalStoreFs.INSTANCE, config.findingsTierPath(), config.findingsLookback(), 1000);
  }

  static FindingQuery query(FindingQuery.Order order, int limit) {
    return new FindingQuery(RANGE, null, null, null, Set.of(), null, 0, order, limit);
  }

  static FindingQuery.Order rank() {
    return FindingQuery.Order.RANK;
  }

  @Test
  void ranking_puts_the_most_urgent_kind_first_then_the_higher_score() {
    FindingsResult r = service.findings(query(rank(), 100));
    assertEquals(List.of(OOM, LEAK, THROTTLED, STEP_WEB, STEP_BATCH), r.findings());
    assertEquals(5, r.total());
    assertEquals(5, r.returned());
    assertEquals(START, r.from());
    assertEquals(END, r.to());
  }

  @Test
  void time_order_puts_the_latest_start_first() {
    assertEquals(List.of(THROTTLED, OOM, STEP_WEB, STEP_BATCH, LEAK),
        service.findings(query(FindingQuery.Order.TIME, 100)).findings());
  }

  @Test
  void a_re_emitted_finding_is_answered_once_with_its_largest_end() {
    List<Finding> leaks = service.findings(new FindingQuery(RANGE, null, null, null, EnumSet.of(FindingKind.MEMORY_LEAK),
        null, 0, rank(), 100)).findings();
    assertEquals(List.of(LEAK), leaks);
    assertEquals(12.0, leaks.get(0).details().get("slope_per_s"));
  }

  @Test
  void a_finding_that_began_days_before_the_range_is_found_in_its_start_partition() {
    assertTrue(service.findings(query(rank(), 100)).findings().contains(LEAK));
    FindingService shortSighted = new FindingService(config,
        List.of(new ParquetFindingSource(io.fgm.query.store.LocalStoreFs.INSTANCE, config.findingsTierPath(), Duration.ZERO, 1000)));
    assertTrue(!shortSighted.findings(query(rank(), 100)).findings().contains(LEAK));
  }

  @Test
  void the_limit_cuts_the_list_but_not_the_total_nor_the_counts() {
    FindingsResult r = service.findings(query(rank(), 2));
    assertEquals(List.of(OOM, LEAK), r.findings());
    assertEquals(5, r.total());
    assertEquals(2, r.returned());
    assertEquals(Map.of("OOM_KILL", 1, "MEMORY_LEAK", 1, "THROTTLING", 1, "CHANGEPOINT", 2), r.countsByKind());
    assertEquals(List.of("OOM_KILL", "MEMORY_LEAK", "THROTTLING", "CHANGEPOINT"),
        List.copyOf(r.countsByKind().keySet()));
  }

  @Test
  void filters_by_node_namespace_metric_kind_and_score() {
    assertEquals(List.of(STEP_BATCH), select("worker-2", null, null, Set.of(), null, 0));
    assertEquals(List.of(STEP_BATCH), select(null, "jobs", null, Set.of(), null, 0));
    assertEquals(List.of(THROTTLED, STEP_WEB, STEP_BATCH), select(null, null, null, Set.of(),
        "cpu.usage_millicores", 0));
    assertEquals(List.of(OOM, STEP_WEB, STEP_BATCH), select(null, null, null,
        EnumSet.of(FindingKind.OOM_KILL, FindingKind.CHANGEPOINT), null, 0));
    assertEquals(List.of(OOM, LEAK, STEP_WEB), select(null, null, null, Set.of(), null, 0.7));
  }

  @Test
  void container_matches_an_id_or_a_name_substring_in_any_case() {
    assertEquals(List.of(OOM), select(null, null, OOM.containerId(), Set.of(), null, 0));
    assertEquals(List.of(OOM), select(null, null, "POSTGRES", Set.of(), null, 0)); // container name
    assertEquals(List.of(LEAK, THROTTLED, STEP_WEB), select(null, null, "web-7d", Set.of(), null, 0)); // pod name
    assertEquals(List.of(), select(null, null, "nothing-like-it", Set.of(), null, 0));
  }

  @Test
  void findings_outside_the_range_and_unfinished_or_corrupt_files_are_left_out() {
    List<Finding> all = service.findings(query(rank(), 1000)).findings();
    assertEquals(5, all.size());
    assertTrue(all.stream().noneMatch(f -> f.containerId().startsWith("c-ghost"))); // only in a .part- file
    assertEquals(List.of(io.fgm.query.fixture.FindingFixture.OLD_PERIODIC), service.findings(new FindingQuery(
        new TimeRange(OLD - 86_400_000L, OLD + 86_400_000L), null, null, null, Set.of(), null, 0, rank(), 100))
        .findings());
    assertEquals(0, service.findings(new FindingQuery(new TimeRange(END + 3_600_000, END + 7_200_000), null, null,
        null, Set.of(), null, 0, rank(), 100)).total());
  }

  @Test
  void the_tail_adds_fresh_findings_and_the_later_version_of_one_in_parquet() {
    FindingTail tail = new FindingTail(100);
    Finding longerThrottling = new Finding(THROTTLED.findingId(), THROTTLED.kind(), THROTTLED.node(),
        THROTTLED.containerId(), THROTTLED.podUid(), THROTTLED.podName(), THROTTLED.namespace(),
        THROTTLED.containerName(), THROTTLED.metric(), THROTTLED.startMs(), THROTTLED.endMs() + 60_000,
        THROTTLED.detectedMs() + 60_000, 0.35, 0.5, THROTTLED.description(), THROTTLED.details());
    Finding staleOom = new Finding(OOM.findingId(), OOM.kind(), OOM.node(), OOM.containerId(), null, null, null,
        null, OOM.metric(), OOM.startMs(), OOM.endMs(), OOM.detectedMs() - 1, 0.1, 1, "stale", Map.of());
    tail.add(longerThrottling);
    tail.add(staleOom);
    FindingsResult r = new FindingService(config, List.of(source(), tail)).findings(query(rank(), 100));
    assertEquals(5, r.total());
    assertTrue(r.findings().contains(longerThrottling));
    assertTrue(r.findings().contains(OOM)); // equal ends: the later detection (Parquet's) wins
  }

  @Test
  void out_of_bounds_limit_score_and_range_name_their_parameter() {
    assertEquals("limit", assertThrows(BadParameterException.class,
        () -> service.findings(query(rank(), 1001))).parameter());
    assertEquals("min_score", assertThrows(BadParameterException.class, () -> service.findings(
        new FindingQuery(RANGE, null, null, null, Set.of(), null, 1.5, rank(), 10))).parameter());
    assertEquals("from", assertThrows(BadParameterException.class, () -> service.findings(
        new FindingQuery(new TimeRange(0, END), null, null, null, Set.of(), null, 0, rank(), 10))).parameter());
  }

  private static List<Finding> select(String node, String namespace, String container, Set<FindingKind> kinds,
      String metric, double minScore) {
    return service.findings(new FindingQuery(RANGE, node, namespace, container, kinds, metric, minScore, rank(),
        100)).findings();
  }
}
