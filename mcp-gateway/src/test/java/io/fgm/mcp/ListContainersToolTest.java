package io.fgm.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tests for {@link ListContainersTool}'s rendering and {@link ToolArgs}. */
class ListContainersToolTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void renders_a_truncated_page_with_the_next_offset() {
    JsonNode page = JSON.readTree("""
        {"total": 5, "offset": 0, "limit": 2, "from_ms": 0, "to_ms": 60000, "containers": [
          {"container_id": "abc", "pod_uid": "u1", "pod_name": "web-1", "namespace": "prod",
           "container_name": "web", "qos": "Burstable", "node": "n1", "metrics": ["a", "b"],
           "first_seen_ms": 0, "last_seen_ms": 59000},
          {"container_id": "kubelet.service", "pod_uid": null, "pod_name": null, "namespace": null,
           "container_name": null, "qos": "None", "node": "n1", "metrics": ["a"],
           "first_seen_ms": 1000, "last_seen_ms": 2000}
        ]}
        """);
    CallToolResult r = ListContainersTool.render(page);
    String text = ((TextContent) r.content().get(0)).text();
    assertFalse(r.isError());
    assertTrue(text.startsWith("Showing 2 of 5 containers seen 1970-01-01T00:00:00Z .. 1970-01-01T00:01:00Z:"), text);
    assertTrue(text.contains("1. prod/web-1/web id=abc node=n1 qos=Burstable"), text);
    assertTrue(text.contains("2. kubelet.service id=kubelet.service"), text);
    assertTrue(text.endsWith("call again with offset=2."), text);
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.structuredContent();
    assertEquals(5, s.get("total"));
    assertEquals(2, s.get("returned"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cs = (List<Map<String, Object>>) s.get("containers");
    assertEquals("1970-01-01T00:00:59Z", cs.get(0).get("last_seen"));
    assertEquals(2, cs.get(0).get("metric_count"));
  }

  @Test
  void the_text_shows_at_most_five_pod_labels_without_controller_bookkeeping_and_the_structure_shows_them_all() {
    JsonNode page = JSON.readTree("""
        {"total": 1, "offset": 0, "limit": 20, "from_ms": 0, "to_ms": 60000, "containers": [
          {"container_id": "abc", "pod_uid": "u1", "pod_name": "web-1", "namespace": "prod",
           "container_name": "web", "qos": "Burstable", "node": "n1", "metrics": ["a"],
           "first_seen_ms": 0, "last_seen_ms": 59000, "labels": {"team": "shop", "app": "web",
           "pod-template-hash": "7d9f", "tier": "front", "env": "prod", "release": "r1", "zone": "a"}}
        ]}
        """);
    CallToolResult r = ListContainersTool.render(page);
    String text = ((TextContent) r.content().get(0)).text();
    assertTrue(text.contains("1. prod/web-1/web [app=web,env=prod,release=r1,team=shop,tier=front,+1 more] id=abc"),
        text);
    assertFalse(text.contains("pod-template-hash"), text);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cs = (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent())
        .get("containers");
    assertEquals(Map.of("team", "shop", "app", "web", "pod-template-hash", "7d9f", "tier", "front", "env", "prod",
        "release", "r1", "zone", "a"), cs.get(0).get("labels"));
  }

  @Test
  void a_container_without_pod_labels_has_an_empty_labels_object_and_no_brackets() {
    JsonNode page = JSON.readTree("""
        {"total": 1, "offset": 0, "limit": 20, "from_ms": 0, "to_ms": 1, "containers": [
          {"container_id": "abc", "pod_uid": "u1", "pod_name": "web-1", "namespace": "prod",
           "container_name": "web", "qos": "Burstable", "node": "n1", "metrics": [],
           "first_seen_ms": 0, "last_seen_ms": 1, "labels": {}}]}""");
    CallToolResult r = ListContainersTool.render(page);
    assertTrue(((TextContent) r.content().get(0)).text().contains("1. prod/web-1/web id=abc"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cs = (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent())
        .get("containers");
    assertEquals(Map.of(), cs.get(0).get("labels"));
  }

  @Test
  void an_empty_page_says_nothing_matched() {
    JsonNode page = JSON.readTree("""
        {"total": 0, "offset": 0, "limit": 20, "from_ms": 0, "to_ms": 1, "containers": []}""");
    String text = ((TextContent) ListContainersTool.render(page).content().get(0)).text();
    assertTrue(text.contains("No container matches"), text);
  }

  @Test
  void tool_args_accept_unambiguous_integers_and_name_bad_ones() {
    ToolArgs args = new ToolArgs(Map.of("a", 5, "b", 5.0, "c", "7", "d", 2.5, "e", "x", "f", 500));
    assertEquals(5, args.integer("a", 0, 0, 10));
    assertEquals(5, args.integer("b", 0, 0, 10));
    assertEquals(7, args.integer("c", 0, 0, 10));
    assertEquals(3, args.integer("missing", 3, 0, 10));
    assertEquals("d", assertThrows(ToolArgumentException.class, () -> args.integer("d", 0, 0, 10)).argument());
    assertEquals("e", assertThrows(ToolArgumentException.class, () -> args.integer("e", 0, 0, 10)).argument());
    assertEquals("f", assertThrows(ToolArgumentException.class, () -> args.integer("f", 0, 0, 10)).argument());
    assertEquals("a", assertThrows(ToolArgumentException.class, () -> args.string("a")).argument());
  }
}
