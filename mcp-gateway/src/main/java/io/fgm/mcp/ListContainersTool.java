package io.fgm.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code list_containers}: the containers of the whole cluster (or one node) seen in a time range, filtered by
 * namespace, node, QoS and name, one page at a time. A thin adapter over {@code GET /api/containers}.
 */
final class ListContainersTool {
  static final String NAME = "list_containers";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 200;

  private static final String INPUT_SCHEMA = """
      {
        "type": "object",
        "properties": {
          "namespace": {"type": "string", "description": "Kubernetes namespace, exact match."},
          "node": {"type": "string", "description": "Node name, exact match. Omit to search the whole cluster."},
          "qos": {"type": "string", "enum": ["Guaranteed", "Burstable", "BestEffort", "None"],
                  "description": "Kubernetes QoS class; None means a cgroup outside Kubernetes."},
          "name": {"type": "string",
                   "description": "Case-insensitive substring of the container id, pod name, container name or namespace."},
          "selector": {"type": "string",
                       "description": "Kubernetes label selector over the pod's Kubernetes labels (app, team, app.kubernetes.io/name, ...) and the identity labels fgm keeps per container (container_id, pod_uid, pod_name, namespace, container_name, qos, node; these win over a pod label of the same name): k=v, k!=v, k in (a,b), k notin (a,b), k, !k; terms separated by commas, all must hold. A label the pod does not have only matches k!=v, k notin (...) and !k. Example: app=checkout,namespace in (prod,staging),qos!=BestEffort"},
          "from": {"type": "string",
                   "description": "Range start: ISO-8601 (2026-03-02T10:00:00Z), epoch milliseconds, or relative to now (-6h, -2d). Default: 24 hours before 'to'."},
          "to": {"type": "string", "description": "Range end, same formats as 'from'. Default: now."},
          "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20,
                    "description": "Most containers to return (item budget)."},
          "offset": {"type": "integer", "minimum": 0, "default": 0,
                     "description": "Containers to skip, for the next page."}
        },
        "additionalProperties": false
      }
      """;

  private ListContainersTool() {}

  static SyncToolSpecification spec(QueryClient client) {
    Tool tool = Tool.builder()
        .name(NAME)
        .title("List containers")
        .description("List the containers fgm has 1-second metrics for, across every node of the cluster, with "
            + "their pod, namespace, container name, QoS class, node, pod labels and first/last time seen. Filter by "
            + "namespace, node, QoS, a name fragment or a label selector; page with limit/offset. Use it first to "
            + "find the container id that the other tools take.")
        .inputSchema(McpJsonDefaults.getMapper(), INPUT_SCHEMA)
        .annotations(new ToolAnnotations("List containers", true, false, true, false, null))
        .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(ToolResults.guarded(NAME, args -> call(client, args)))
        .build();
  }

  static CallToolResult call(QueryClient client, ToolArgs args) {
    int limit = args.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = args.integer("offset", 0, 0, Integer.MAX_VALUE);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("namespace", args.string("namespace"));
    params.put("node", args.string("node"));
    params.put("qos", args.string("qos"));
    params.put("name", args.string("name"));
    params.put("selector", args.string("selector"));
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    params.put("limit", limit);
    params.put("offset", offset);
    JsonNode page = client.get("/api/containers", params);
    return render(page);
  }

  /** Short text for the model plus the same facts as structured content. */
  static CallToolResult render(JsonNode page) {
    int total = page.get("total").asInt();
    int offset = page.get("offset").asInt();
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    JsonNode containers = page.get("containers");
    text.append("Showing ").append(containers.size()).append(" of ").append(total).append(" containers seen ")
        .append(iso(page.get("from_ms").asLong())).append(" .. ").append(iso(page.get("to_ms").asLong()));
    if (offset > 0) {
      text.append(" (from offset ").append(offset).append(')');
    }
    text.append(total == 0 ? ". No container matches these filters in this range." : ":");
    int i = offset;
    for (JsonNode c : containers) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("container_id", c.get("container_id").asString());
      item.put("pod_name", textOrNull(c, "pod_name"));
      item.put("namespace", textOrNull(c, "namespace"));
      item.put("container_name", textOrNull(c, "container_name"));
      item.put("pod_uid", textOrNull(c, "pod_uid"));
      item.put("qos", textOrNull(c, "qos"));
      item.put("node", textOrNull(c, "node"));
      Map<String, String> labels = ToolSupport.podLabels(c);
      item.put("labels", labels);
      item.put("metric_count", c.get("metrics").size());
      item.put("first_seen", iso(c.get("first_seen_ms").asLong()));
      item.put("last_seen", iso(c.get("last_seen_ms").asLong()));
      items.add(item);
      text.append("\n").append(++i).append(". ").append(label(item))
          .append(ToolSupport.labelsText(labels)).append(" id=").append(item.get("container_id"))
          .append(" node=").append(item.get("node")).append(" qos=").append(item.get("qos"))
          .append(" seen ").append(item.get("first_seen")).append(" .. ").append(item.get("last_seen"));
    }
    if (offset + containers.size() < total) {
      text.append("\nMore available: call again with offset=").append(offset + containers.size()).append('.');
    }
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("total", total);
    structured.put("offset", offset);
    structured.put("returned", items.size());
    structured.put("from", iso(page.get("from_ms").asLong()));
    structured.put("to", iso(page.get("to_ms").asLong()));
    structured.put("containers", items);
    return ToolResults.ok(text.toString(), structured);
  }

  /** {@code namespace/pod/container} when known, else the bare id. */
  static String label(Map<String, Object> c) {
    if (c.get("pod_name") == null) {
      return String.valueOf(c.get("container_id"));
    }
    return c.get("namespace") + "/" + c.get("pod_name") + "/" + c.get("container_name");
  }

  static String iso(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  private static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
