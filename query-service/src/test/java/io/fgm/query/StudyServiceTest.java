package io.fgm.query;

import static io.fgm.query.fixture.PatternFixture.END;
import static io.fgm.query.fixture.PatternFixture.LEAK;
import static io.fgm.query.fixture.PatternFixture.LIMIT;
import static io.fgm.query.fixture.PatternFixture.PERIODIC;
import static io.fgm.query.fixture.PatternFixture.START;
import static io.fgm.query.fixture.PatternFixture.STEP;
import static io.fgm.query.fixture.PatternFixture.STEP_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.PatternFixture;
import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.ChangepointResult;
import io.fgm.studies.periodicity.PeriodicityOptions;
import io.fgm.studies.periodicity.PeriodicityResult;
import io.fgm.studies.summary.Trend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link StudyService} over fixture Parquet with planted patterns ({@link PatternFixture}). */
class StudyServiceTest {
  static final TimeRange ALL = new TimeRange(START, END - 1);

  @TempDir static Path store;
  static StudyService studies;

  @BeforeAll
  static void writeStore() {
    PatternFixture.write(store);
    studies = new StudyService(new QueryService(QueryConfig.builder().storePath(store).build()), 100_000);
  }

  @Test
  void changepoint_finds_the_planted_step_at_its_time() {
    StudyResults.Study<ChangepointResult> s =
        studies.changepoint(STEP.containerId(), "cpu.usage_millicores", ALL, ChangepointOptions.defaults());
    assertEquals(1, s.result().changepoints().size());
    assertEquals(STEP_AT, s.result().changepoints().get(0).timeMs());
    assertEquals(300, s.result().changepoints().get(0).absoluteChange(), 2);
    assertEquals("api-1", s.podName());
    assertEquals(1200, s.points());
    assertEquals(1000, s.intervalMs());
  }

  @Test
  void periodicity_finds_the_ten_second_pattern() {
    StudyResults.Study<PeriodicityResult> s =
        studies.periodicity(PERIODIC.containerId(), "cpu.usage_millicores", ALL, PeriodicityOptions.defaults());
    assertEquals(10, s.result().dominantPeriod());
    assertEquals(10_000L, s.result().periodMs());
    assertEquals(850, s.result().amplitude(), 1);
  }

  @Test
  void summary_reports_a_rising_leak_against_the_memory_limit() {
    StudyResults.Summary sum = studies.summary(List.of(LEAK.containerId()), null, ALL);
    StudyResults.ContainerSummary c = sum.containers().get(0);
    assertEquals(List.of("memory.working_set_bytes", "cpu.usage_millicores"), List.copyOf(c.metrics().keySet())
        .stream().sorted((a, b) -> b.compareTo(a)).toList());
    StudyResults.MetricSummary mem = c.metrics().get("memory.working_set_bytes");
    assertEquals(Trend.RISING, mem.trend().trend());
    assertEquals(2e5, mem.trend().slopePerSecond(), 1);
    assertEquals(LIMIT, mem.limit());
    assertNotNull(mem.leak().timeToLimitSeconds());
    assertTrue(mem.leak().score() > 0.5, String.valueOf(mem.leak()));
    assertEquals("B", mem.unit());
  }

  @Test
  void summary_reports_gaps_not_zeros() {
    StudyResults.MetricSummary cpu = studies.summary(List.of(LEAK.containerId()), List.of("cpu.usage_millicores"),
        ALL).containers().get(0).metrics().get("cpu.usage_millicores");
    assertEquals(1, cpu.gapCount());
    assertEquals(300, cpu.gaps().get(0).missingSamples()); // +300 s .. +599 s
    assertEquals(20.0, cpu.min());
    assertNull(cpu.limit());
  }

  @Test
  void containers_without_data_are_missing_and_bad_inputs_name_their_parameter() {
    assertEquals(List.of("nope"), studies.summary(List.of("nope"), null, ALL).missing());
    assertEquals("container", assertThrows(NotFoundException.class, () ->
        studies.changepoint("nope", "cpu.usage_millicores", ALL, ChangepointOptions.defaults())).parameter());
    assertEquals("metric", assertThrows(BadParameterException.class, () ->
        studies.changepoint(STEP.containerId(), "cpu.nope", ALL, ChangepointOptions.defaults())).parameter());
    StudyService tiny = new StudyService(new QueryService(QueryConfig.builder().storePath(store).build()), 100);
    assertEquals("from", assertThrows(BadParameterException.class, () ->
        tiny.periodicity(PERIODIC.containerId(), "cpu.usage_millicores", ALL, PeriodicityOptions.defaults()))
        .parameter());
  }
}
