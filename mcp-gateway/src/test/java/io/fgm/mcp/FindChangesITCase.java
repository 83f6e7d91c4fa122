package io.fgm.mcp;

import static io.fgm.mcp.McpGatewayITCase.structured;
import static io.fgm.mcp.McpGatewayITCase.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.mcp.fixture.FindingsFixture;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@code find_changes}: the SDK's client over Streamable HTTP against a real gateway and a real query
 * service reading a findings tier written like the Flink job writes it (planted: an OOM kill, a memory leak
 * re-emitted as it extended, a periodic CPU pattern, a weak step change, and an OOM kill of the day before).
 */
class FindChangesITCase {
  static final long END = Instant.parse("2026-03-02T14:30:00Z").toEpochMilli();
  static final long OOM_AT = Instant.parse("2026-03-02T14:24:07Z").toEpochMilli();
  static final long LEAK_FROM = Instant.parse("2026-03-02T13:40:00Z").toEpochMilli();
  static final String[] CHECKOUT = {"checkout-7f9c", "shop", "app"};
  static final String[] CACHE = {"cache-1", "prod", "cache"};
  static final String[] CRON = {"cron-1", "jobs", "cron"};
  static final String[] API = {"api-1", "prod", "api"};

  @TempDir static Path store;
  static QueryServer query;
  static McpGateway gateway;
  static McpSyncClient client;

  @BeforeAll
  static void start() {
    Finding leak = FindingsFixture.finding(FindingKind.MEMORY_LEAK, "node-a", "c-leak", CACHE,
        "memory.working_set_bytes", LEAK_FROM, END - 60_000, 0.93, 200_000, "working set rising 195 KiB/s toward "
            + "its 1.86 GiB limit, reached in 1.4 h", Map.of("slope_per_s", 200_000.0, "time_to_limit_s", 5_000.0));
    new FindingsFixture(store)
        .add(FindingsFixture.finding(FindingKind.OOM_KILL, "worker-3", "3f1c9a2be4d7", CHECKOUT,
            "memory.events.oom_kill", OOM_AT, OOM_AT, 1.0, 1, "OOM killer killed 1 process at the 512 MiB limit",
            Map.of("oom_kills", 1.0, "limit_bytes", 536_870_912.0)))
        // the first emission of the leak, before it extended: the service keeps only the later version
        .add(new Finding(leak.findingId(), leak.kind(), leak.node(), leak.containerId(), leak.podUid(),
            leak.podName(), leak.namespace(), leak.containerName(), leak.metric(), LEAK_FROM, LEAK_FROM + 600_000,
            LEAK_FROM + 600_000, 0.6, 150_000, "working set rising", Map.of()))
        .add(leak)
        .add(FindingsFixture.finding(FindingKind.PERIODIC, "node-a", "c-cron", CRON, "cpu.usage_millicores",
            END - 25 * 60_000, END - 5 * 60_000, 0.8, 850, "cpu.usage_millicores repeats every 10 s (amplitude "
                + "850 m)", Map.of("period_s", 10.0, "acf_peak", 0.8)))
        .add(FindingsFixture.finding(FindingKind.CHANGEPOINT, "node-b", "c-step", API, "cpu.usage_millicores",
            END - 18 * 60_000, END - 18 * 60_000, 0.35, 300, "cpu.usage_millicores stepped 100 m -> 400 m",
            Map.of("mean_before", 100.0, "mean_after", 400.0)))
        .add(FindingsFixture.finding(FindingKind.OOM_KILL, "worker-3", "0ld0c0ntainer", CHECKOUT,
            "memory.events.oom_kill", END - 86_400_000, END - 86_400_000, 1.0, 1, "OOM killer killed 1 process",
            Map.of("oom_kills", 1.0)))
        .write("part-0.parquet");
    query = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
    gateway = McpGateway.start(McpConfig.builder().port(0).queryServiceUrl("http://127.0.0.1:" + query.port())
        .build());
    client = McpGatewayITCase.connect(gateway.port());
  }

  @AfterAll
  static void stop() {
    client.closeGracefully();
    gateway.close();
    query.close();
  }

  @Test
  void find_changes_is_listed_with_a_description_for_choosing_it() {
    Tool tool = client.listTools().tools().stream().filter(t -> t.name().equals("find_changes")).findFirst()
        .orElseThrow();
    assertTrue(tool.description().contains("What changed or went wrong in the cluster"), tool.description());
    assertTrue(((Map<?, ?>) tool.inputSchema().get("properties")).keySet().containsAll(
        List.of("kinds", "min_score", "budget", "node", "namespace", "container", "from", "to")));
  }

  @Test
  void the_oom_kill_the_leak_and_the_periodic_pattern_are_all_reported_oom_first() {
    CallToolResult r = call(Map.of());
    String text = text(r);
    assertFalse(r.isError(), text);
    assertTrue(text.startsWith("4 changes in 1 h (2026-03-02T13:30:00Z .. 2026-03-02T14:30:00Z) across 3 nodes: "
        + "1 OOM kill, 1 memory leak, 1 new periodic pattern, 1 step change; showing 4 of 4:"), text);
    assertTrue(text.contains("\n1. OOM_KILL shop/checkout-7f9c/app (3f1c9a2be4d7) on worker-3 at "
        + "2026-03-02T14:24:07Z [memory.events.oom_kill, score 1.00]: OOM killer killed 1 process"), text);
    assertEquals(List.of("OOM_KILL", "MEMORY_LEAK", "PERIODIC", "CHANGEPOINT"), kinds(r));
    Map<String, Object> leak = findings(r).get(1);
    assertEquals("2026-03-02T14:29:00Z", leak.get("end"), "the extended version of the leak");
    assertEquals("B/s", leak.get("magnitude_unit"));
  }

  @Test
  void kinds_filters_the_findings() {
    CallToolResult r = call(Map.of("kinds", List.of("PERIODIC", "MEMORY_LEAK")));
    assertEquals(List.of("MEMORY_LEAK", "PERIODIC"), kinds(r));
    assertEquals(2, ((Number) structured(r).get("total")).intValue());
  }

  @Test
  void a_budget_smaller_than_the_total_says_showing_n_of_m() {
    CallToolResult r = call(Map.of("budget", 2));
    assertTrue(text(r).contains("; showing the 2 most urgent of 4 (on 2 nodes)"), text(r));
    assertEquals(List.of("OOM_KILL", "MEMORY_LEAK"), kinds(r));
    assertEquals(true, structured(r).get("truncated"));
  }

  @Test
  void node_min_score_container_and_range_narrow_or_widen_the_search() {
    assertEquals(List.of("MEMORY_LEAK"), kinds(call(Map.of("node", "node-a", "min_score", 0.9))));
    assertEquals(List.of("OOM_KILL"), kinds(call(Map.of("container", "checkout"))));
    assertEquals(List.of("CHANGEPOINT"), kinds(call(Map.of("namespace", "prod", "min_score", 0.1,
        "kinds", List.of("CHANGEPOINT", "OOM_KILL")))));
    CallToolResult twoDays = call(Map.of("from", "-2d", "kinds", List.of("OOM_KILL")));
    assertEquals(List.of("OOM_KILL", "OOM_KILL"), kinds(twoDays));
    assertTrue(text(twoDays).startsWith("2 changes in 2 d"), text(twoDays));
  }

  @Test
  void an_invalid_kind_is_a_tool_error_naming_kinds() {
    CallToolResult r = call(Map.of("kinds", List.of("OOM_KILL", "EXPLOSION")));
    assertTrue(r.isError(), text(r));
    // the SDK's schema validation answers first: "/kinds/1: does not have a value in the enumeration [...]"
    assertTrue(text(r).contains("/kinds/1") && text(r).contains("MEMORY_LEAK"), text(r));
  }

  @Test
  void bad_ranges_and_budgets_are_tool_errors_naming_them() {
    CallToolResult from = call(Map.of("from", "yesterday-ish"));
    assertTrue(from.isError());
    assertTrue(text(from).startsWith("Invalid argument 'from'"), text(from));
    CallToolResult budget = call(Map.of("budget", 500));
    assertTrue(budget.isError());
    assertTrue(text(budget).contains("budget"), text(budget));
  }

  static CallToolResult call(Map<String, Object> args) {
    return client.callTool(new CallToolRequest("find_changes", args));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> findings(CallToolResult r) {
    return (List<Map<String, Object>>) structured(r).get("findings");
  }

  static List<String> kinds(CallToolResult r) {
    return findings(r).stream().map(f -> (String) f.get("kind")).toList();
  }
}
