package io.fgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path: a cgroup fixture whose CPU counters advance at known rates → node agent → real KRaft broker →
 * Flink MiniCluster ingest job → committed Parquet → query service over HTTP → MCP gateway with the SDK's client.
 */
class EndToEndITCase {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NODE = "e2e-node";

  private static final CgroupFixture.Container WEB =
      new CgroupFixture.Container(hex('a'), "1f0e6b1c-3d2a-4c5b-8e7f-9a0b1c2d3e4f", 250, 64L << 20);
  private static final CgroupFixture.Container BATCH =
      new CgroupFixture.Container(hex('b'), "2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", 1500, 256L << 20);

  @Test
  void agent_samples_reach_the_query_service_and_mcp_with_the_right_millicores(@TempDir Path tmp)
      throws Exception {
    Path cgroupRoot = Files.createDirectories(tmp.resolve("cgroup"));
    Path procRoot = Files.createDirectories(tmp.resolve("proc"));
    EmbeddedStack.Config cfg =
        new EmbeddedStack.Config(
            tmp.resolve("data"), cgroupRoot, procRoot, NODE, 0, 0, 0, 0, Duration.ofSeconds(2), true);
    try (CgroupFixture fixture = new CgroupFixture(cgroupRoot, List.of(WEB, BATCH));
        EmbeddedStack stack = EmbeddedStack.start(cfg)) {
      String base = "http://127.0.0.1:" + stack.queryPort();

      // Wait until each container has at least 6 committed seconds of CPU millicores.
      Map<String, double[]> series = awaitSeries(base, 6, Duration.ofSeconds(120));
      assertEquals(250, median(series.get(WEB.id())), 250 * 0.15, "web millicores " + Arrays.toString(series.get(WEB.id())));
      assertEquals(1500, median(series.get(BATCH.id())), 1500 * 0.15, "batch millicores " + Arrays.toString(series.get(BATCH.id())));
      for (double[] v : series.values()) {
        for (double x : v) {
          assertTrue(x >= 0, "a rate is never negative: " + Arrays.toString(v));
        }
      }

      // The listing knows both containers with their pod uid and QoS from the cgroup path, and not the pod cgroups.
      JsonNode page = get(base + "/api/containers?node=" + NODE);
      Map<String, JsonNode> byId = new HashMap<>();
      page.get("containers").forEach(c -> byId.put(c.get("container_id").asString(), c));
      assertEquals(2, byId.size(), "containers: " + byId.keySet());
      assertEquals(WEB.podUid(), byId.get(WEB.id()).get("pod_uid").asString());
      assertEquals("Burstable", byId.get(WEB.id()).get("qos").asString());
      JsonNode metrics = byId.get(BATCH.id()).get("metrics");
      assertTrue(metrics.toString().contains("memory.current_bytes"), metrics.toString());

      // Memory survives as read: a gauge, stored as is.
      double[] mem = series(get(base + "/api/timeseries?metric=memory.current_bytes&containers=" + BATCH.id()
          + "&from=-10m")).get(BATCH.id());
      assertEquals(256L << 20, mem[mem.length - 1], 0.5);

      // Bad parameters get a 4xx naming the parameter.
      HttpResponse<String> bad = getRaw(base + "/api/timeseries?metric=cpu.usage_millicores&containers=x&from=yesterday");
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("from"), bad.body());

      // The MCP gateway lists the same containers through the query service.
      var transport =
          HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + stack.mcpPort()).endpoint("/mcp").build();
      McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
      try {
        client.initialize();
        CallToolResult result = client.callTool(new CallToolRequest("list_containers", Map.of("node", NODE)));
        assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.content()));
        String text = ((TextContent) result.content().get(0)).text();
        String structured = JSON.writeValueAsString(result.structuredContent());
        for (String id : List.of(WEB.id(), BATCH.id())) {
          assertTrue(structured.contains(id), "structured content lacks " + id + ": " + structured);
        }
        assertTrue(text.contains("2"), text);
      } finally {
        client.closeGracefully();
      }
    }
  }

  private static Map<String, double[]> awaitSeries(String base, int minPoints, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, double[]> last = Map.of();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = getRaw(base + "/api/timeseries?metric=cpu.usage_millicores&from=-10m&containers="
          + WEB.id() + "," + BATCH.id());
      if (r.statusCode() == 200) {
        last = series(JSON.readTree(r.body()));
        if (last.size() == 2 && last.values().stream().allMatch(v -> v.length >= minPoints)) {
          return last;
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no " + minPoints + " points per container within " + timeout + "; last: "
        + last.keySet() + " sizes " + last.values().stream().map(v -> v.length).toList());
  }

  private static Map<String, double[]> series(JsonNode result) {
    Map<String, double[]> out = new HashMap<>();
    for (JsonNode s : result.get("series")) {
      List<Double> v = new ArrayList<>();
      s.get("v").forEach(x -> v.add(x.asDouble()));
      out.put(s.get("container_id").asString(), v.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = getRaw(url);
    assertEquals(200, r.statusCode(), url + " -> " + r.body());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> getRaw(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String hex(char c) {
    return String.valueOf(c).repeat(64);
  }
}
