package io.fgm.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tests for {@link FindChangesTool} and {@link FindChangesText} over answers of {@code /api/findings} as its contract
 * (SCHEMA.md, issue #7) describes them: no network.
 */
class FindChangesToolTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UnaryOperator<String> UNITS =
      metric -> metric.startsWith("memory.events") ? "1" : metric.startsWith("memory.") ? "B" : "m";

  @Test
  void a_truncated_answer_counts_every_kind_and_says_showing_n_of_m() throws IOException {
    String text = text(FindChangesText.render(fixture("api-findings-truncated.json"), UNITS));
    assertTrue(text.startsWith("5 changes in 1 h (2026-03-02T14:00:00Z .. 2026-03-02T15:00:00Z): 1 OOM kill, "
        + "1 memory leak, 2 new periodic patterns, 1 step change; showing the 3 most urgent of 5 (on 2 nodes); "
        + "raise budget"), text);
    assertEquals(4, text.split("\n").length, text);
  }

  @Test
  void each_finding_is_one_line_with_kind_who_where_when_and_what() throws IOException {
    String[] lines = text(FindChangesText.render(fixture("api-findings-truncated.json"), UNITS)).split("\n");
    assertEquals("1. OOM_KILL shop/checkout-7f9c/app (3f1c9a2be4d7) on worker-3 at 2026-03-02T14:24:07Z "
        + "[memory.events.oom_kill, score 1.00]: OOM killer killed 1 process at the 512 MiB limit", lines[1]);
    assertEquals("2. MEMORY_LEAK c-leak on node-a 2026-03-02T14:00:00Z .. 2026-03-02T14:20:00Z (20 min) "
        + "[memory.working_set_bytes, score 0.93]: working set rising 195 KiB/s, 1.86 GiB limit in 1.4 h", lines[2]);
    assertTrue(lines[3].startsWith("3. PERIODIC jobs/cron-1/cron (c-cron) on node-a"), lines[3]);
  }

  @Test
  void structured_findings_carry_iso_and_ms_times_and_the_unit_of_their_magnitude() throws IOException {
    Map<String, Object> s = structured(FindChangesText.render(fixture("api-findings-truncated.json"), UNITS));
    assertEquals(5, s.get("total"));
    assertEquals(3, s.get("returned"));
    assertEquals(true, s.get("truncated"));
    assertEquals("2026-03-02T14:00:00Z", s.get("from"));
    assertEquals(List.of("worker-3", "node-a"), s.get("nodes"));
    assertEquals(Map.of("OOM_KILL", 1, "MEMORY_LEAK", 1, "PERIODIC", 2, "CHANGEPOINT", 1), s.get("counts_by_kind"));
    List<Map<String, Object>> findings = findings(s);
    Map<String, Object> oom = findings.get(0);
    assertEquals("2026-03-02T14:24:07Z", oom.get("start"));
    assertEquals(1772461447000L, oom.get("start_ms"));
    assertEquals(0.0, oom.get("duration_seconds"));
    assertEquals("count", oom.get("magnitude_unit"));
    assertEquals(536870912.0, ((Map<?, ?>) oom.get("details")).get("limit_bytes"));
    assertEquals("B/s", findings.get(1).get("magnitude_unit"));
    assertNull(findings.get(1).get("pod_name"));
    assertEquals(1200.0, findings.get(1).get("duration_seconds"));
    assertEquals("m", findings.get(2).get("magnitude_unit"));
  }

  @Test
  void a_complete_answer_says_across_how_many_nodes() {
    JsonNode body = JSON.readTree("""
        {"from": 0, "to": 1800000, "total": 1, "returned": 1, "counts_by_kind": {"RESTART": 1}, "findings": [
          {"finding_id": "x", "kind": "RESTART", "node": "n1", "container_id": "c2", "metric": "cpu.usage_millicores",
           "start_ms": 60000, "end_ms": 60000, "detected_ms": 61000, "score": 0.5, "magnitude": 1,
           "description": "new container id for web-1/web", "details": {}}]}""");
    String text = text(FindChangesText.render(body, UNITS));
    assertTrue(text.startsWith("1 change in 30 min (1970-01-01T00:00:00Z .. 1970-01-01T00:30:00Z) across 1 node: "
        + "1 restart; showing 1 of 1:\n1. RESTART c2 on n1 at 1970-01-01T00:01:00Z"), text);
    assertEquals(false, structured(FindChangesText.render(body, UNITS)).get("truncated"));
  }

  @Test
  void an_empty_answer_says_what_to_try_next() {
    JsonNode body = JSON.readTree("""
        {"from": 0, "to": 172800000, "total": 0, "returned": 0, "counts_by_kind": {}, "findings": []}""");
    String text = text(FindChangesText.render(body, UNITS));
    assertTrue(text.startsWith("No changes in 2 d (1970-01-01T00:00:00Z .. 1970-01-03T00:00:00Z)"), text);
    assertTrue(text.contains("Widen from/to"), text);
  }

  @Test
  void arguments_map_to_the_query_service_parameters() {
    Map<String, Object> p = FindChangesTool.params(new ToolArgs(Map.of("kinds", List.of("oom_kill", "PERIODIC"),
        "min_score", 0.5, "budget", 7, "node", "worker-3", "from", "-6h")));
    assertEquals("OOM_KILL,PERIODIC", p.get("kind"));
    assertEquals(0.5, p.get("min_score"));
    assertEquals(7, p.get("limit"));
    assertEquals("worker-3", p.get("node"));
    assertEquals("-6h", p.get("from"));
    assertEquals(20, FindChangesTool.params(new ToolArgs(Map.of())).get("limit"));
    assertNull(FindChangesTool.params(new ToolArgs(Map.of())).get("kind"));
  }

  @Test
  void bad_arguments_name_themselves() {
    assertEquals("kinds", bad(Map.of("kinds", List.of("OOM_KILL", "EXPLOSION"))));
    assertEquals("kinds", bad(Map.of("kinds", "OOM_KILL")));
    assertEquals("min_score", bad(Map.of("min_score", 1.5)));
    assertEquals("min_score", bad(Map.of("min_score", "high")));
    assertEquals("budget", bad(Map.of("budget", 101)));
    assertEquals("budget", bad(Map.of("budget", 0)));
  }

  @Test
  void magnitude_units_follow_the_kind() {
    assertEquals("count", FindChangesText.magnitudeUnit("OOM_KILL", "1"));
    assertEquals("ratio", FindChangesText.magnitudeUnit("THROTTLING", "ratio"));
    assertEquals("B/s", FindChangesText.magnitudeUnit("MEMORY_LEAK", "B"));
    assertEquals("m", FindChangesText.magnitudeUnit("CHANGEPOINT", "m"));
    assertNull(FindChangesText.magnitudeUnit("MEMORY_LEAK", null));
  }

  @Test
  void a_kind_this_gateway_does_not_know_is_still_counted() {
    assertFalse(FindChangesText.counts(JSON.readTree("{\"DISK_FULL\": 2}")).isEmpty());
    assertEquals("2 disk full", FindChangesText.counts(JSON.readTree("{\"DISK_FULL\": 2}")));
  }

  private static String bad(Map<String, Object> args) {
    return assertThrows(ToolArgumentException.class, () -> FindChangesTool.params(new ToolArgs(args))).argument();
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = FindChangesToolTest.class.getResourceAsStream("/findings/" + name)) {
      return JSON.readTree(in);
    }
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> findings(Map<String, Object> s) {
    return (List<Map<String, Object>>) s.get("findings");
  }
}
