package io.fgm.mcp;

import static io.fgm.query.fixture.PatternFixture.END;
import static io.fgm.query.fixture.PatternFixture.LEAK;
import static io.fgm.query.fixture.PatternFixture.PERIODIC;
import static io.fgm.query.fixture.PatternFixture.STEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.PatternFixture;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
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
 * Tests for {@code summarize_container}, {@code analyze_container} and {@code compare_containers}: the SDK's client
 * against a real gateway and query service over planted patterns ({@link PatternFixture}).
 */
class McpStudyToolsITCase {
  @TempDir static Path store;
  static QueryServer query;
  static McpGateway gateway;
  static McpSyncClient client;

  @BeforeAll
  static void start() {
    PatternFixture.write(store);
    query = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
        .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
    gateway = McpGateway.start(McpConfig.builder().port(0).queryServiceUrl("http://127.0.0.1:" + query.port()).build());
    client = McpGatewayITCase.connect(gateway.port());
  }

  @AfterAll
  static void stop() {
    client.closeGracefully();
    gateway.close();
    query.close();
  }

  @Test
  void summarize_container_reports_the_planted_leak_with_its_limit() {
    CallToolResult r = call("summarize_container", Map.of("container", LEAK.containerId()));
    String text = McpGatewayITCase.text(r);
    assertFalse(r.isError(), text);
    assertTrue(text.startsWith("prod/cache-1/cache (c-leak) on node-a, QoS Guaranteed"), text);
    assertTrue(text.contains("- memory.working_set_bytes: avg"), text);
    assertTrue(text.contains("RISING +195 KiB/s"), text);
    assertTrue(text.contains("leak score"), text);
    assertTrue(text.contains("limit 1.86 GiB reached in"), text);
    assertTrue(text.contains("- cpu.usage_millicores:") && text.contains("1 gap (300 samples missing)"), text);
  }

  @Test
  void analyze_container_finds_the_planted_changepoint() {
    CallToolResult r = call("analyze_container", Map.of("container", STEP.containerId(),
        "metric", "cpu.usage_millicores", "study", "changepoint"));
    String text = McpGatewayITCase.text(r);
    assertFalse(r.isError(), text);
    assertTrue(text.startsWith("1 change in cpu.usage_millicores of prod/api-1/api"), text);
    assertTrue(text.contains("- 2026-03-02T10:12:00Z: 100 m -> 400 m (+"), text);
  }

  @Test
  void analyze_container_finds_the_planted_period() {
    CallToolResult r = call("analyze_container", Map.of("container", PERIODIC.containerId(),
        "metric", "cpu.usage_millicores", "study", "periodicity", "window_seconds", 120));
    String text = McpGatewayITCase.text(r);
    assertTrue(text.startsWith("Periodic: cpu.usage_millicores of jobs/cron-1/cron (c-cron) on node-a repeats every"
        + " 10 s"), text);
    assertEquals(10.0, ((Number) McpGatewayITCase.structured(r).get("period_seconds")).doubleValue());
  }

  @Test
  void analyze_container_trend_gives_slope_and_leak() {
    CallToolResult r = call("analyze_container", Map.of("container", LEAK.containerId(),
        "metric", "memory.working_set_bytes", "study", "trend"));
    assertTrue(McpGatewayITCase.text(r).contains("RISING"), McpGatewayITCase.text(r));
  }

  @Test
  void compare_containers_puts_summaries_side_by_side_and_lists_changes() {
    CallToolResult r = call("compare_containers", Map.of("containers", List.of(STEP.containerId(),
        PERIODIC.containerId(), "nope"), "metric", "cpu.usage_millicores"));
    String text = McpGatewayITCase.text(r);
    assertFalse(r.isError(), text);
    assertTrue(text.contains("- prod/api-1/api (c-step) on node-a: avg"), text);
    assertTrue(text.contains("- jobs/cron-1/cron (c-cron) on node-a: avg"), text);
    assertTrue(text.contains("- nope: no cpu.usage_millicores in the range"), text);
    assertTrue(text.contains("changes of prod/api-1/api (c-step): 2026-03-02T10:12:00Z"), text);
  }

  @Test
  void compare_containers_lists_only_the_largest_changes_of_a_ramp_and_counts_them_all() {
    CallToolResult r = call("compare_containers", Map.of("containers", List.of(LEAK.containerId(), "nope"),
        "metric", "memory.working_set_bytes", "limit", 2));
    String text = McpGatewayITCase.text(r);
    assertFalse(r.isError(), text);
    assertTrue(text.matches("(?s).*\n  changes of prod/cache-1/cache \\(c-leak\\): \\d+, the 2 largest at "
        + "2026-03-02T10:\\S+, 2026-03-02T10:\\S+$"), text);
    @SuppressWarnings("unchecked")
    Map<String, Object> leak = ((List<Map<String, Object>>) McpGatewayITCase.structured(r).get("containers")).get(0);
    assertEquals(2, ((List<?>) leak.get("changes")).size());
    assertTrue(((Number) leak.get("change_count")).intValue() > 2, leak.toString());
  }

  @Test
  void study_tools_name_bad_arguments() {
    CallToolResult unknown = call("analyze_container", Map.of("container", "nope", "metric",
        "cpu.usage_millicores"));
    assertTrue(unknown.isError());
    assertTrue(McpGatewayITCase.text(unknown).startsWith("Invalid argument 'container'"),
        McpGatewayITCase.text(unknown));
    CallToolResult badMetric = call("summarize_container", Map.of("container", LEAK.containerId(),
        "metrics", List.of("cpu.nope")));
    assertTrue(McpGatewayITCase.text(badMetric).startsWith("Invalid argument 'metrics'"),
        McpGatewayITCase.text(badMetric));
    CallToolResult one = call("compare_containers", Map.of("containers", List.of(LEAK.containerId()),
        "metric", "cpu.usage_millicores"));
    assertTrue(one.isError());
    assertTrue(McpGatewayITCase.text(one).contains("containers"), McpGatewayITCase.text(one));
    CallToolResult window = call("analyze_container", Map.of("container", PERIODIC.containerId(),
        "metric", "cpu.usage_millicores", "study", "periodicity", "window_seconds", 5000));
    assertTrue(window.isError());
    assertTrue(McpGatewayITCase.text(window).contains("window_seconds"), McpGatewayITCase.text(window));
  }

  static CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new CallToolRequest(tool, args));
  }
}
