package io.fgm.mcp;

import static io.fgm.query.fixture.ClusterFixture.BATCH;
import static io.fgm.query.fixture.ClusterFixture.DB;
import static io.fgm.query.fixture.ClusterFixture.END;
import static io.fgm.query.fixture.ClusterFixture.WEB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.ClusterFixture;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link McpGateway}: the SDK's own MCP client over Streamable HTTP against a real gateway and a real
 * query service reading fixture Parquet ({@link ClusterFixture}).
 */
class McpGatewayITCase {
  @TempDir static Path store;
  static QueryServer query;
  static McpGateway gateway;
  static McpSyncClient client;

  @BeforeAll
  static void start() {
    ClusterFixture.write(store);
    io.fgm.query.fixture.PodFixture.write(store);
    query = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
    gateway = McpGateway.start(
        McpConfig.builder().port(0).queryServiceUrl("http://127.0.0.1:" + query.port()).build());
    client = connect(gateway.port());
  }

  @AfterAll
  static void stop() {
    client.closeGracefully();
    gateway.close();
    query.close();
  }

  @Test
  void lists_the_list_containers_tool_with_its_schema() {
    Tool tool = client.listTools().tools().stream()
        .filter(t -> t.name().equals("list_containers")).findFirst().orElseThrow();
    assertTrue(((Map<?, ?>) tool.inputSchema().get("properties")).containsKey("namespace"));
    assertTrue(tool.description().contains("cluster"));
  }

  @Test
  void every_tool_of_the_issue_is_listed_read_only_with_every_argument_described() {
    List<Tool> tools = client.listTools().tools();
    assertEquals(List.of("analyze_container", "compare_containers", "find_changes", "list_containers",
        "list_metrics", "list_nodes", "summarize_container", "top_containers"),
        tools.stream().map(Tool::name).sorted().toList());
    for (Tool t : tools) {
      assertTrue(t.description().length() > 80, t.name());
      assertEquals(Boolean.TRUE, t.annotations().readOnlyHint(), t.name());
      Map<?, ?> properties = (Map<?, ?>) t.inputSchema().get("properties");
      properties.forEach((name, p) -> assertTrue(((Map<?, ?>) p).get("description") != null,
          t.name() + "." + name + " has no description"));
      if (properties.containsKey("node")) {
        assertFalse(String.valueOf(t.inputSchema().get("required")).contains("node"), t.name());
      }
    }
  }

  @Test
  void list_containers_returns_every_container_of_every_node() {
    CallToolResult r = call(Map.of());
    assertFalse(r.isError(), text(r));
    assertTrue(text(r).startsWith("Showing 3 of 3 containers"), text(r));
    assertEquals(List.of(DB.containerId(), WEB.containerId(), BATCH.containerId()), ids(r));
    Map<String, Object> db = containers(r).get(0);
    assertEquals("db-0", db.get("pod_name"));
    assertEquals("node-a", db.get("node"));
    assertEquals("Guaranteed", db.get("qos"));
    assertEquals(2, ((Number) db.get("metric_count")).intValue());
  }

  @Test
  void list_containers_filters_by_namespace_node_qos_and_name() {
    assertEquals(List.of(DB.containerId(), WEB.containerId()), ids(call(Map.of("namespace", "prod"))));
    assertEquals(List.of(BATCH.containerId()), ids(call(Map.of("node", "worker-2"))));
    assertEquals(List.of(BATCH.containerId()), ids(call(Map.of("qos", "BestEffort"))));
    assertEquals(List.of(WEB.containerId()), ids(call(Map.of("name", "web"))));
  }

  @Test
  void list_containers_and_top_containers_filter_by_a_label_selector() {
    assertEquals(List.of(DB.containerId(), BATCH.containerId()),
        ids(call(Map.of("selector", "qos in (Guaranteed,BestEffort)"))));
    assertEquals(List.of(WEB.containerId()), ids(call(Map.of("selector", "namespace=prod,pod_name!=db-0"))));
    CallToolResult top = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "selector", "node notin (node-a)")));
    assertEquals(List.of(BATCH.containerId()), ids(top));
    // pod labels from the store's pods tier: db's pod has app=postgres, batch's pod has no app label
    assertEquals(List.of(DB.containerId()), ids(call(Map.of("selector", "app=postgres"))));
    CallToolResult noApp = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "selector", "!app")));
    assertEquals(List.of(BATCH.containerId()), ids(noApp));
    CallToolResult bad = call(Map.of("selector", "namespace in prod"));
    assertTrue(bad.isError());
    assertTrue(text(bad).startsWith("Invalid argument 'selector'"), text(bad));
  }

  @Test
  void list_containers_and_top_containers_show_each_containers_pod_labels() {
    // pod labels from the store's pods tier: db's latest version, web's stored one; batch's pod has no version
    Map<String, String> dbLabels = io.fgm.query.fixture.PodFixture.DB_LATEST.labels();
    Map<String, String> webLabels = Map.of("app", "web-old", "team", "shop");
    CallToolResult list = call(Map.of());
    assertEquals(List.of(dbLabels, webLabels, Map.of()), labels(list));
    assertTrue(text(list).contains("1. prod/db-0/postgres [app=postgres,app.kubernetes.io/part-of=shop,"
        + "namespace=evil,team=data] id=" + DB.containerId()), text(list));
    assertTrue(text(list).contains("2. prod/web-7d9f/web [app=web-old,team=shop] id="), text(list));
    assertTrue(text(list).contains("3. jobs/report-28431/report id="), text(list));
    CallToolResult top = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "stat", "max")));
    assertEquals(List.of(BATCH.containerId(), DB.containerId(), WEB.containerId()), ids(top));
    assertEquals(List.of(Map.of(), dbLabels, webLabels), labels(top));
    assertTrue(text(top).contains("[app=web-old,team=shop] on "), text(top));
  }

  @Test
  void list_containers_pages_and_says_how_to_get_more() {
    CallToolResult r = call(Map.of("limit", 1, "offset", 1));
    assertEquals(List.of(WEB.containerId()), ids(r));
    assertTrue(text(r).startsWith("Showing 1 of 3"), text(r));
    assertTrue(text(r).contains("offset=2"), text(r));
    assertEquals(3, ((Number) structured(r).get("total")).intValue());
  }

  @Test
  void an_out_of_range_limit_is_a_tool_error_naming_it() {
    CallToolResult r = call(Map.of("limit", 0));
    assertTrue(r.isError());
    assertTrue(text(r).contains("limit"), text(r));
  }

  @Test
  void a_bad_time_rejected_by_the_query_service_is_a_tool_error_naming_the_argument() {
    CallToolResult r = call(Map.of("from", "last tuesday"));
    assertTrue(r.isError());
    assertTrue(text(r).startsWith("Invalid argument 'from'"), text(r));
  }

  @Test
  void an_unknown_argument_is_a_tool_error() {
    CallToolResult r = call(Map.of("namespac", "prod"));
    assertTrue(r.isError(), text(r));
    assertTrue(text(r).contains("namespac"), text(r));
  }

  @Test
  void an_unreachable_query_service_is_a_tool_error_not_a_crash() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (McpGateway orphan = McpGateway.start(McpConfig.builder().port(0)
        .queryServiceUrl("http://127.0.0.1:" + closedPort).queryTimeout(Duration.ofSeconds(2)).build())) {
      McpSyncClient c = connect(orphan.port());
      try {
        CallToolResult r = c.callTool(new CallToolRequest("list_containers", Map.of()));
        assertTrue(r.isError());
        assertTrue(text(r).contains("unreachable"), text(r));
      } finally {
        c.closeGracefully();
      }
    }
  }

  @Test
  void list_nodes_names_both_nodes_with_container_counts() {
    CallToolResult r = client.callTool(new CallToolRequest("list_nodes", Map.of()));
    assertFalse(r.isError(), text(r));
    assertTrue(text(r).startsWith("2 nodes with data"), text(r));
    assertTrue(text(r).contains("- node-a: 2 containers"), text(r));
    assertTrue(text(r).contains("- worker-2: 1 containers"), text(r));
  }

  @Test
  void list_metrics_gives_stored_metrics_with_units() {
    CallToolResult r = client.callTool(new CallToolRequest("list_metrics", Map.of()));
    assertFalse(r.isError(), text(r));
    assertTrue(text(r).startsWith("2 metrics stored"), text(r));
    assertTrue(text(r).contains("cpu.usage_millicores [millicores (1000 = one core), DERIVED]"), text(r));
    assertTrue(text(r).contains("memory.current_bytes [bytes, GAUGE]"), text(r));
    CallToolResult all = client.callTool(new CallToolRequest("list_metrics", Map.of("include_unstored", true)));
    assertTrue(((Number) structured(all).get("total")).intValue() > 20);
  }

  @Test
  void top_containers_ranks_by_a_metric_with_units() {
    CallToolResult r = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "memory.current_bytes", "stat", "max")));
    assertFalse(r.isError(), text(r));
    assertEquals(List.of(DB.containerId(), WEB.containerId()), ids(r));
    assertTrue(text(r).contains("1. prod/db-0/postgres [app=postgres,app.kubernetes.io/part-of=shop,namespace=evil,"
        + "team=data] on node-a: 954 MiB"), text(r));
    CallToolResult peaks = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "stat", "max", "limit", 1)));
    assertEquals(List.of(BATCH.containerId()), ids(peaks));
    assertTrue(text(peaks).startsWith("Top 1 of 3 containers by max cpu.usage_millicores"), text(peaks));
    assertTrue(text(peaks).contains(": 5000 m"), text(peaks));
  }

  @Test
  void top_containers_by_p95_ranks_the_steadily_high_container_first_and_the_rare_spike_last() {
    CallToolResult r = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "stat", "p95")));
    assertFalse(r.isError(), text(r));
    assertEquals(List.of(DB.containerId(), WEB.containerId(), BATCH.containerId()), ids(r));
    assertTrue(text(r).startsWith("Top 3 of 3 containers by p95 cpu.usage_millicores"), text(r));
    assertEquals("p95", structured(r).get("stat"));
    CallToolResult bad = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "stat", "p90")));
    assertTrue(bad.isError());
    assertTrue(text(bad).contains("stat") && text(bad).contains("p95"), text(bad)); // the schema's enum, listed
  }

  @Test
  void top_containers_filters_by_node() {
    CallToolResult r = client.callTool(new CallToolRequest("top_containers",
        Map.of("metric", "cpu.usage_millicores", "node", "node-a")));
    assertEquals(List.of(DB.containerId(), WEB.containerId()), ids(r));
  }

  @Test
  void top_containers_names_an_unknown_metric_as_the_bad_argument() {
    CallToolResult r = client.callTool(new CallToolRequest("top_containers", Map.of("metric", "cpu.bogus")));
    assertTrue(r.isError());
    assertTrue(text(r).startsWith("Invalid argument 'metric'"), text(r));
    CallToolResult missing = client.callTool(new CallToolRequest("top_containers", Map.of()));
    assertTrue(missing.isError());
    assertTrue(text(missing).contains("metric"), text(missing));
  }

  static McpSyncClient connect(int port) {
    McpSyncClient c = McpClient.sync(
            HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp").build())
        .requestTimeout(Duration.ofSeconds(30))
        .build();
    c.initialize();
    return c;
  }

  static CallToolResult call(Map<String, Object> args) {
    return client.callTool(new CallToolRequest("list_containers", args));
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> containers(CallToolResult r) {
    return (List<Map<String, Object>>) structured(r).get("containers");
  }

  static List<Object> labels(CallToolResult r) {
    return containers(r).stream().map(c -> c.get("labels")).toList();
  }

  static List<String> ids(CallToolResult r) {
    return containers(r).stream().map(c -> (String) c.get("container_id")).toList();
  }
}
