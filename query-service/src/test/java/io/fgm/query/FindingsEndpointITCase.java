package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import io.fgm.query.fixture.FindingFixture;
import io.fgm.schema.Finding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Tests for {@code GET /api/findings}: a real server, real HTTP, the findings fixture in Parquet. */
class FindingsEndpointITCase {
  @TempDir static Path store;
  static QueryServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ClusterFixture.write(store);
    FindingFixture.write(store);
    // "now" is the fixture's end: the default range (the last hour) holds everything of the fixture but the leak's
    // older part and the batch step (10 minutes before midnight is within it too)
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void findings_answer_the_documented_shape_in_rank_order() throws Exception {
    JsonNode r = get("/api/findings?from=" + START + "&to=" + END, 200);
    assertEquals(START, r.get("from").asLong());
    assertEquals(END, r.get("to").asLong());
    assertEquals(5, r.get("total").asInt());
    assertEquals(5, r.get("returned").asInt());
    assertEquals(2, r.get("counts_by_kind").get("CHANGEPOINT").asInt());
    assertEquals(List.of(FindingFixture.OOM.findingId(), FindingFixture.LEAK.findingId(),
        FindingFixture.THROTTLED.findingId(), FindingFixture.STEP_WEB.findingId(),
        FindingFixture.STEP_BATCH.findingId()), ids(r));
    JsonNode oom = r.get("findings").get(0);
    Finding f = FindingFixture.OOM;
    assertEquals(Set.of("finding_id", "kind", "node", "container_id", "pod_uid", "pod_name", "namespace",
        "container_name", "metric", "start_ms", "end_ms", "detected_ms", "score", "magnitude", "description",
        "details"), names(oom));
    assertEquals("OOM_KILL", oom.get("kind").asString());
    assertEquals("node-a", oom.get("node").asString());
    assertEquals(f.containerId(), oom.get("container_id").asString());
    assertEquals("db-0", oom.get("pod_name").asString());
    assertEquals("postgres", oom.get("container_name").asString());
    assertEquals("prod", oom.get("namespace").asString());
    assertEquals(f.startMs(), oom.get("start_ms").asLong());
    assertEquals(f.detectedMs(), oom.get("detected_ms").asLong());
    assertEquals(0.9, oom.get("score").asDouble());
    assertEquals(1.0, oom.get("details").get("oom_kills").asDouble());
  }

  @Test
  void the_default_range_is_the_last_hour() throws Exception {
    JsonNode r = get("/api/findings", 200);
    assertEquals(END - 3_600_000, r.get("from").asLong());
    assertEquals(5, r.get("total").asInt());
  }

  @Test
  void filters_and_time_order_combine() throws Exception {
    JsonNode r = get("/api/findings?from=" + START + "&to=" + END
        + "&kind=changepoint,Throttling&container=WEB&sort=time&min_score=0.2", 200);
    assertEquals(List.of(FindingFixture.THROTTLED.findingId(), FindingFixture.STEP_WEB.findingId()), ids(r));
    JsonNode one = get("/api/findings?from=" + START + "&to=" + END + "&node=worker-2&namespace=jobs"
        + "&metric=cpu.usage_millicores", 200);
    assertEquals(List.of(FindingFixture.STEP_BATCH.findingId()), ids(one));
  }

  @Test
  void the_limit_keeps_the_total() throws Exception {
    JsonNode r = get("/api/findings?from=" + START + "&to=" + END + "&limit=1", 200);
    assertEquals(5, r.get("total").asInt());
    assertEquals(1, r.get("returned").asInt());
    assertEquals(List.of(FindingFixture.OOM.findingId()), ids(r));
  }

  @ParameterizedTest(name = "{0} is a 400 naming {1}")
  @CsvSource({
      "kind=oom, kind",
      "kind=OOM_KILL%2Cnope, kind",
      "min_score=1.5, min_score",
      "min_score=-0.1, min_score",
      "min_score=abc, min_score",
      "sort=score, sort",
      "limit=1001, limit",
      "limit=0, limit",
      "limit=x, limit",
      "from=yesterday, from",
      "from=-30d, from",
      "metric=CPU!, metric",
      "containers=abc, containers",
      "node=a&node=b, node",
  })
  void bad_parameters_are_a_400_naming_the_parameter(String query, String parameter) throws Exception {
    JsonNode r = get("/api/findings?" + query, 400);
    assertEquals(parameter, r.get("parameter").asString());
    assertTrue(r.get("error").asString().length() > 10, r.toString());
  }

  @Test
  void an_unknown_kind_lists_the_valid_ones() throws Exception {
    String error = get("/api/findings?kind=leak", 400).get("error").asString();
    assertTrue(error.contains("MEMORY_LEAK") && error.contains("OOM_KILL") && error.contains("OTHER"), error);
  }

  @Test
  void the_openapi_document_describes_findings() throws Exception {
    JsonNode doc = get("/openapi.json", 200);
    JsonNode params = doc.get("paths").get("/api/findings").get("get").get("parameters");
    List<String> names = new ArrayList<>();
    params.forEach(p -> names.add(p.has("$ref") ? p.get("$ref").asString().replaceAll(".*/", "")
        : p.get("name").asString()));
    assertEquals(Set.of("from", "to", "node", "namespace", "container", "kind", "metric", "min_score", "sort",
        "limit"), Set.copyOf(names));
  }

  private static List<String> ids(JsonNode r) {
    List<String> ids = new ArrayList<>();
    r.get("findings").forEach(f -> ids.add(f.get("finding_id").asString()));
    return ids;
  }

  private static Set<String> names(JsonNode o) {
    Set<String> names = new java.util.HashSet<>();
    o.propertyNames().forEach(names::add);
    return names;
  }

  private static JsonNode get(String path) throws Exception {
    return get(path, 200);
  }

  static JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return QueryServer.JSON.readTree(r.body());
  }
}
