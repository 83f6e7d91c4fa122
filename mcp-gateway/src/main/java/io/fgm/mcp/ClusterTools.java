package io.fgm.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code list_nodes} and {@code list_metrics}: what the cluster and the catalogue hold, in a few lines. */
final class ClusterTools {
  private ClusterTools() {}

  static SyncToolSpecification listNodes(QueryClient client) {
    String schema = "{\"type\": \"object\", \"properties\": {" + ToolSupport.RANGE_PROPERTIES
        + "}, \"additionalProperties\": false}";
    return ToolSupport.readOnly("list_nodes", "List nodes",
        "List the nodes of the cluster that have container metrics in a time range (default: the last 24 hours), "
            + "with how many containers each ran and when it was first and last seen.",
        schema, args -> listNodes(client, args));
  }

  static SyncToolSpecification listMetrics(QueryClient client) {
    String schema = """
        {"type": "object", "properties": {
          "include_unstored": {"type": "boolean", "default": false,
            "description": "Also list catalogued metrics that no container has in the range."},
        """ + ToolSupport.RANGE_PROPERTIES + "}, \"additionalProperties\": false}";
    return ToolSupport.readOnly("list_metrics", "List metrics",
        "List the metric names fgm stores (1 value per second per container), with unit, kind (GAUGE, COUNTER, "
            + "DERIVED rate) and meaning, and how many containers have each in the range (default: the last 24 h). "
            + "Use these names as the 'metric' argument of the other tools.",
        schema, args -> listMetrics(client, args));
  }

  static CallToolResult listNodes(QueryClient client, ToolArgs args) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    JsonNode body = client.get("/api/nodes", params);
    JsonNode nodes = body.get("nodes");
    StringBuilder text = new StringBuilder();
    text.append(nodes.size()).append(nodes.size() == 1 ? " node" : " nodes").append(" with data ")
        .append(ToolSupport.iso(body.get("from_ms").asLong())).append(" .. ")
        .append(ToolSupport.iso(body.get("to_ms").asLong())).append(nodes.isEmpty() ? "." : ":");
    List<Map<String, Object>> items = new ArrayList<>();
    for (JsonNode n : nodes) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("node", n.get("node").asString());
      item.put("containers", n.get("containers").asInt());
      item.put("first_seen", ToolSupport.iso(n.get("first_seen_ms").asLong()));
      item.put("last_seen", ToolSupport.iso(n.get("last_seen_ms").asLong()));
      items.add(item);
      text.append("\n- ").append(item.get("node")).append(": ").append(item.get("containers"))
          .append(" containers, seen ").append(item.get("first_seen")).append(" .. ").append(item.get("last_seen"));
    }
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("total", items.size());
    structured.put("nodes", items);
    return ToolResults.ok(text.toString(), structured);
  }

  static CallToolResult listMetrics(QueryClient client, ToolArgs args) {
    boolean all = args.bool("include_unstored", false);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    JsonNode metrics = client.get("/api/metrics", params).get("metrics");
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (JsonNode m : metrics) {
      int containers = m.get("containers").asInt();
      if (containers == 0 && !all) {
        continue;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", m.get("name").asString());
      item.put("unit", ToolSupport.textOrNull(m, "unit"));
      item.put("kind", ToolSupport.textOrNull(m, "kind"));
      item.put("description", ToolSupport.textOrNull(m, "description"));
      item.put("containers", containers);
      items.add(item);
      lines.append("\n- ").append(item.get("name")).append(" [").append(Units.describe((String) item.get("unit")))
          .append(", ").append(item.get("kind")).append("] ").append(item.get("description"))
          .append(" (").append(containers).append(" containers)");
    }
    String head = items.size() + (all ? " metrics in the catalogue" : " metrics stored in the range")
        + (items.isEmpty() ? "." : ":");
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("total", items.size());
    structured.put("metrics", items);
    return ToolResults.ok(head + lines, structured);
  }
}
