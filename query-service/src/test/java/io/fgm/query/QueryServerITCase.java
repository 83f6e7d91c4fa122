package io.fgm.query;

import static io.fgm.query.fixture.ClusterFixture.CPU;
import static io.fgm.query.fixture.ClusterFixture.DB;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.START;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.fixture.ClusterFixture;
import java.io.IOException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Tests for {@link QueryServer}: a real server on a free port, real HTTP, fixture Parquet. */
class QueryServerITCase {
  @TempDir static Path store;
  static QueryServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ClusterFixture.write(store);
    server = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void health_answers_ok() throws Exception {
    Response r = get("/api/health");
    assertEquals(200, r.status());
    assertEquals("ok", r.json().get("status").asString());
  }

  @Test
  void containers_lists_the_fixture_with_snake_case_labels() throws Exception {
    Response r = get("/api/containers?from=" + START + "&to=" + END);
    assertEquals(200, r.status());
    assertEquals(3, r.json().get("total").asInt());
    JsonNode db = r.json().get("containers").get(0);
    assertEquals(DB.containerId(), db.get("container_id").asString());
    assertEquals("db-0", db.get("pod_name").asString());
    assertEquals("postgres", db.get("container_name").asString());
    assertEquals("Guaranteed", db.get("qos").asString());
    assertEquals("node-a", db.get("node").asString());
    assertEquals(START, db.get("first_seen_ms").asLong());
    assertEquals(List.of(CPU, ClusterFixture.MEM), strings(db.get("metrics")));
  }

  @Test
  void containers_default_range_ends_now() throws Exception {
    assertEquals(3, get("/api/containers").json().get("total").asInt());
  }

  @Test
  void containers_filter_by_qos_and_name() throws Exception {
    JsonNode page = get("/api/containers?qos=burstable&name=web&from=-1d").json();
    assertEquals(1, page.get("total").asInt());
    assertEquals(WEB.containerId(), page.get("containers").get(0).get("container_id").asString());
  }

  @Test
  void nodes_and_metrics_answer() throws Exception {
    JsonNode nodes = get("/api/nodes").json().get("nodes");
    assertEquals("node-a", nodes.get(0).get("node").asString());
    assertEquals("worker-2", nodes.get(1).get("node").asString());
    JsonNode metrics = get("/api/metrics").json().get("metrics");
    boolean cpuFound = false;
    for (JsonNode m : metrics) {
      if (m.get("name").asString().equals(CPU)) {
        cpuFound = true;
        assertEquals("m", m.get("unit").asString());
        assertEquals(3, m.get("containers").asInt());
      }
    }
    assertTrue(cpuFound);
  }

  @Test
  void timeseries_accepts_iso_times_and_returns_parallel_arrays() throws Exception {
    JsonNode r = get("/api/timeseries?metric=" + CPU + "&containers=" + WEB.containerId() + "," + DB.containerId()
        + "&from=2026-03-01T23:59:58Z&to=2026-03-02T00:00:01Z").json();
    assertEquals("m", r.get("unit").asString());
    JsonNode web = r.get("series").get(0);
    assertEquals(WEB.containerId(), web.get("container_id").asString());
    assertEquals(4, web.get("t").size());
    assertEquals(4, web.get("v").size());
    assertEquals(ClusterFixture.webCpu(ClusterFixture.T0), web.get("v").get(2).asDouble());
    assertEquals(500.0, r.get("series").get(1).get("v").get(0).asDouble());
  }

  @Test
  void timeseries_downsamples_to_the_requested_points() throws Exception {
    JsonNode s = get("/api/timeseries?metric=" + CPU + "&containers=" + WEB.containerId() + "&points=100").json()
        .get("series").get(0);
    assertTrue(s.get("downsampled").asBoolean());
    assertTrue(s.get("t").size() <= 100);
  }

  @ParameterizedTest(name = "{0} -> 400 on {1}")
  @CsvSource(delimiter = '|', value = {
      "/api/timeseries?containers=a|metric",
      "/api/timeseries?metric=CPU%20usage&containers=a|metric",
      "/api/timeseries?metric=no.such_metric&containers=a|metric",
      "/api/timeseries?metric=cpu.usage_millicores|containers",
      "/api/timeseries?metric=cpu.usage_millicores&containers=,,|containers",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&from=yesterday|from",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&to=2026-13-45T00:00:00Z|to",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&from=-1h&to=-2h|from",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&from=-30d|from",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&points=abc|points",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&points=1|points",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&points=99999999|points",
      "/api/timeseries?metric=cpu.usage_millicores&container=a|container",
      "/api/timeseries?metric=cpu.usage_millicores&containers=a&containers=b|containers",
      "/api/containers?qos=Platinum|qos",
      "/api/containers?limit=0|limit",
      "/api/containers?offset=-1|offset",
      "/api/containers?node=a%01b|node",
      "/api/containers?sort=cpu|sort",
      "/api/nodes?from=1e9|from",
      "/api/containers?sort=cpu.usage_millicores:p90|sort",
      "/api/containers?sort=no.such_metric|sort",
      "/api/containers?selector=-colour%3Dred|selector",
      "/api/containers?selector=app%3Da%3Db|selector",
      "/api/containers?selector=app%20in%20()|selector",
      "/api/containers?selector=namespace%20in%20(a|selector",
  })
  void bad_parameters_get_400_naming_the_parameter(String path, String parameter) throws Exception {
    Response r = get(path);
    assertEquals(400, r.status(), r.body());
    assertEquals(parameter, r.json().get("parameter").asString(), r.body());
    assertTrue(r.json().get("error").asString().length() > 5);
  }

  @Test
  void too_many_containers_get_400() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      ids.add("c" + i);
    }
    Response r = get("/api/timeseries?metric=" + CPU + "&containers=" + String.join(",", ids));
    assertEquals(400, r.status());
    assertEquals("containers", r.json().get("parameter").asString());
  }

  @Test
  void a_path_in_a_parameter_is_only_a_value_to_compare() throws Exception {
    Response r = get("/api/containers?node=..%2F..%2Fetc&namespace=%2Fetc%2Fpasswd");
    assertEquals(200, r.status());
    assertEquals(0, r.json().get("total").asInt());
  }

  @Test
  void containers_rank_by_a_metric_as_a_top_n() throws Exception {
    JsonNode page = get("/api/containers?sort=cpu.usage_millicores:max&limit=2").json();
    assertEquals("cpu.usage_millicores:max", page.get("sort").asString());
    assertEquals(3, page.get("total").asInt());
    assertEquals(2, page.get("containers").size());
    String first = page.get("containers").get(0).get("container_id").asString();
    assertEquals(ClusterFixture.BATCH.containerId(), first);
    assertEquals(5000.0, page.get("values").get(first).asDouble());
  }

  @Test
  void containers_rank_by_a_percentile_that_ignores_a_rare_spike() throws Exception {
    JsonNode page = get("/api/containers?sort=cpu.usage_millicores:p95").json();
    assertEquals("cpu.usage_millicores:p95", page.get("sort").asString());
    assertEquals(ClusterFixture.DB.containerId(), page.get("containers").get(0).get("container_id").asString());
    assertEquals(ClusterFixture.BATCH.containerId(), page.get("containers").get(2).get("container_id").asString());
    Response bad = get("/api/containers?sort=cpu.usage_millicores:median");
    assertEquals(400, bad.status());
    assertTrue(bad.json().get("error").asString().contains("avg|max|min|p50|p95|p99"), bad.body());
  }

  @Test
  void containers_take_a_selector_and_a_fuzzy_search() throws Exception {
    JsonNode page = get("/api/containers?selector=namespace%3Dprod,qos!%3DGuaranteed&search=wb").json();
    assertEquals(1, page.get("total").asInt());
    assertEquals(WEB.containerId(), page.get("containers").get(0).get("container_id").asString());
  }

  @Test
  void openapi_document_describes_the_endpoints() throws Exception {
    JsonNode doc = get("/openapi.json").json();
    assertTrue(doc.get("openapi").asString().startsWith("3."));
    for (String path : List.of("/api/health", "/api/nodes", "/api/containers", "/api/metrics", "/api/timeseries")) {
      assertTrue(doc.get("paths").has(path), path);
    }
  }

  @Test
  void unknown_endpoints_get_json_404() throws Exception {
    Response r = get("/api/nothing");
    assertEquals(404, r.status());
    assertTrue(r.json().get("error").asString().contains("/api/nothing"));
  }

  record Response(int status, String body) {
    JsonNode json() {
      return QueryServer.JSON.readTree(body);
    }
  }

  static Response get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), pathAndQuery);
    return new Response(r.statusCode(), r.body());
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
