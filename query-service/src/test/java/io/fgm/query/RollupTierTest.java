package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.RollupFixture;
import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1-minute rollup tier: chosen automatically for coarse answers, completed by the raw tier where the rollup
 * has not been written yet, and giving the same extremes as the raw seconds.
 */
class RollupTierTest {
  private static final long T0 = 1_772_323_200_000L; // 2026-03-01T00:00Z
  private static final long SPIKE = T0 + 3 * 3_600_000L + 1_234_000L; // a one-second spike inside the rollup
  private static final long LATE_SPIKE = T0 + 5 * 3_600_000L + 600_000L; // after the rollup's end
  private static final ContainerRef C = StoreFixture.container("c-1", "api-0", "prod", "api", QosClass.BURSTABLE);
  private static final String CPU = "cpu.usage_millicores";

  @TempDir static Path store;
  static QueryService service;

  static double cpu(long t) {
    return t == SPIKE ? 9000 : t == LATE_SPIKE ? -5 : 100 + (t - T0) / 3_600_000.0;
  }

  @BeforeAll
  static void writeStore() throws IOException {
    StoreFixture raw = new StoreFixture(store);
    for (int h = 0; h < 6; h++) { // raw: six hours, one file per hour
      raw.series("node-a", C, CPU, T0 + h * 3_600_000L, T0 + (h + 1) * 3_600_000L, RollupTierTest::cpu)
          .write("part-" + h + ".parquet");
    }
    // rollup: only the first five hours have been written
    RollupFixture.write(store.resolve("rollup_1m"), "part-0.parquet", "node-a", C, CPU, T0, T0 + 5 * 3_600_000L,
        RollupTierTest::cpu);
    service = new QueryService(QueryConfig.builder().storePath(store).build());
  }

  @Test
  void a_coarse_answer_reads_the_rollup_where_written_and_the_raw_tier_after() {
    TimeRange six = new TimeRange(T0, T0 + 6 * 3_600_000L - 1);
    TimeseriesResult coarse = service.timeseries(new TimeseriesQuery(CPU, List.of("c-1"), six, 200));
    TimeseriesResult exact = service.timeseries(new TimeseriesQuery(CPU, List.of("c-1"), six, 200,
        TierPlan.Choice.RAW));
    assertEquals("rollup_1m+raw", coarse.tier());
    assertEquals("raw", exact.tier());
    assertEquals(5 * 60 + 3600, coarse.rowsRead()); // 300 minutes, then the last hour second by second
    assertEquals(6 * 3600, exact.rowsRead());
    double[] v = coarse.series().get(0).v();
    assertEquals(9000, Arrays.stream(v).max().orElseThrow()); // the spike inside the rollup survives
    assertEquals(-5, Arrays.stream(v).min().orElseThrow()); // and the one in the raw tail
    assertEquals(Arrays.stream(exact.series().get(0).v()).max().orElseThrow(), 9000);
    assertEquals("api-0", coarse.series().get(0).podName());
    long[] t = coarse.series().get(0).t();
    for (int i = 1; i < t.length; i++) {
      assertTrue(t[i] >= t[i - 1], "sorted by time");
    }
  }

  @Test
  void a_fine_answer_reads_the_raw_tier() {
    TimeRange hour = new TimeRange(T0 + 3_600_000L, T0 + 2 * 3_600_000L - 1);
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of("c-1"), hour, 10_000));
    assertEquals("raw", r.tier());
    assertEquals(3600, r.rowsRead());
  }

  @Test
  void the_rollup_can_be_asked_for_explicitly() {
    TimeRange hour = new TimeRange(T0 + 3_600_000L, T0 + 2 * 3_600_000L - 1);
    TimeseriesResult r = service.timeseries(new TimeseriesQuery(CPU, List.of("c-1"), hour, 10_000,
        TierPlan.Choice.ROLLUP));
    assertEquals("rollup_1m", r.tier());
    assertEquals(60, r.rowsRead());
  }

  @Test
  void the_plan_follows_bucket_width_and_rollup_progress() {
    TimeRange day = new TimeRange(T0, T0 + 86_400_000L - 1);
    assertEquals(new TimeRange(T0, T0 + 3_600_000L - 1),
        TierPlan.choose(day, 1000, T0 + 3_600_000L, TierPlan.Choice.AUTO).rollup());
    assertEquals("raw", TierPlan.choose(day, 2000, T0 + 86_400_000L, TierPlan.Choice.AUTO).label()); // 86 s
    assertEquals("rollup_1m", TierPlan.choose(day, 1400, T0 + 86_400_000L, TierPlan.Choice.AUTO).label()); // 123 s
    assertNull(TierPlan.choose(day, 100, Long.MIN_VALUE, TierPlan.Choice.AUTO).rollup()); // no rollup written
    assertEquals("raw", TierPlan.choose(day, 100, T0 + 86_400_000L, TierPlan.Choice.RAW).label());
    BadParameterException e = assertThrows(BadParameterException.class,
        () -> TierPlan.Choice.parse("tier", "hourly"));
    assertEquals("tier", e.parameter());
  }
}
