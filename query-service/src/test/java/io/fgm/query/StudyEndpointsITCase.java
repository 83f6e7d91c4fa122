package io.fgm.query;

import static io.fgm.query.fixture.PatternFixture.END;
import static io.fgm.query.fixture.PatternFixture.LEAK;
import static io.fgm.query.fixture.PatternFixture.PERIODIC;
import static io.fgm.query.fixture.PatternFixture.STEP;
import static io.fgm.query.fixture.PatternFixture.STEP_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.PatternFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Tests for {@code /api/summary} and {@code /api/studies/*} over real HTTP and planted patterns. */
class StudyEndpointsITCase {
  @TempDir static Path store;

  @BeforeAll
  static void start() {
    PatternFixture.write(store);
    QueryServerITCase.server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
  }

  @AfterAll
  static void stop() {
    QueryServerITCase.server.close();
  }

  @Test
  void summary_gives_trend_and_leak_per_metric_in_snake_case() throws Exception {
    JsonNode r = QueryServerITCase.get("/api/summary?containers=" + LEAK.containerId() + ",nope").json();
    JsonNode mem = r.get("containers").get(0).get("metrics").get("memory.working_set_bytes");
    assertEquals("RISING", mem.get("trend").get("trend").asString());
    assertEquals(2e5, mem.get("trend").get("slope_per_second").asDouble(), 1);
    assertTrue(mem.get("leak").get("score").asDouble() > 0.5);
    assertEquals(2e9, mem.get("limit").asDouble());
    assertEquals("nope", r.get("missing").get(0).asString());
  }

  @Test
  void changepoint_endpoint_finds_the_step() throws Exception {
    JsonNode r = QueryServerITCase.get("/api/studies/changepoint?container=" + STEP.containerId()
        + "&metric=cpu.usage_millicores&cost=meanvar").json();
    assertEquals("changepoint", r.get("study").asString());
    assertEquals(STEP_AT, r.get("result").get("changepoints").get(0).get("time_ms").asLong());
  }

  @Test
  void periodicity_endpoint_finds_the_period() throws Exception {
    JsonNode r = QueryServerITCase.get("/api/studies/periodicity?container=" + PERIODIC.containerId()
        + "&metric=cpu.usage_millicores&window=120").json();
    assertEquals(10_000, r.get("result").get("period_ms").asLong());
  }

  @Test
  void a_container_without_the_metric_is_a_404_naming_it() throws Exception {
    QueryServerITCase.Response r = QueryServerITCase.get(
        "/api/studies/changepoint?container=nope&metric=cpu.usage_millicores");
    assertEquals(404, r.status());
    assertEquals("container", r.json().get("parameter").asString());
  }

  @ParameterizedTest(name = "{0} -> 400 on {1}")
  @CsvSource(delimiter = '|', value = {
      "/api/summary|containers",
      "/api/summary?containers=a&metrics=Bad!|metrics",
      "/api/summary?containers=a&metrics=cpu.nope|metrics",
      "/api/summary?containers=a,b,c,d,e,f,g,h,i,j,k|containers",
      "/api/studies/changepoint?metric=cpu.usage_millicores|container",
      "/api/studies/changepoint?container=c-step|metric",
      "/api/studies/changepoint?container=c-step&metric=cpu.usage_millicores&cost=median|cost",
      "/api/studies/changepoint?container=c-step&metric=cpu.usage_millicores&penalty=lots|penalty",
      "/api/studies/changepoint?container=c-step&metric=cpu.usage_millicores&cost=meanvar&min_segment=1|min_segment",
      "/api/studies/periodicity?container=c-cron&metric=cpu.usage_millicores&window=2|window",
      "/api/studies/periodicity?container=c-cron&metric=cpu.usage_millicores&window=60&max_period=59|max_period",
      "/api/studies/periodicity?container=c-cron&metric=cpu.usage_millicores&min_score=2|min_score",
      "/api/studies/periodicity?container=c-cron&metric=cpu.usage_millicores&period=10|period",
  })
  void bad_study_parameters_get_400_naming_them(String path, String parameter) throws Exception {
    QueryServerITCase.Response r = QueryServerITCase.get(path);
    assertEquals(400, r.status(), r.body());
    assertEquals(parameter, r.json().get("parameter").asString(), r.body());
  }
}
