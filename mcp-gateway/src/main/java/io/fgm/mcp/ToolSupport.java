package io.fgm.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** Small helpers shared by the tools: the read-only tool spec, time formatting, label formatting. */
final class ToolSupport {
  /** JSON-schema snippets reused by several tools. */
  static final String RANGE_PROPERTIES = """
          "from": {"type": "string",
                   "description": "Range start: ISO-8601 (2026-03-02T10:00:00Z), epoch milliseconds, or relative to now (-6h, -2d). Default: see the tool description."},
          "to": {"type": "string", "description": "Range end, same formats as 'from'. Default: now."}""";
  static final String FILTER_PROPERTIES = """
          "namespace": {"type": "string", "description": "Kubernetes namespace, exact match."},
          "node": {"type": "string", "description": "Node name, exact match. Omit to search the whole cluster."},
          "qos": {"type": "string", "enum": ["Guaranteed", "Burstable", "BestEffort", "None"],
                  "description": "Kubernetes QoS class; None means a cgroup outside Kubernetes."},
          "name": {"type": "string",
                   "description": "Case-insensitive substring of the container id, pod name, container name or namespace."},
          "selector": {"type": "string",
                       "description": "Kubernetes label selector over the pod's Kubernetes labels (app, team, app.kubernetes.io/name, ...) and the identity labels fgm keeps per container (container_id, pod_uid, pod_name, namespace, container_name, qos, node; these win over a pod label of the same name): k=v, k!=v, k in (a,b), k notin (a,b), k, !k; terms separated by commas, all must hold. A label the pod does not have only matches k!=v, k notin (...) and !k. Example: app=checkout,namespace in (prod,staging),qos!=BestEffort"}""";

  /** Most pod labels a tool's text shows per container; the structured content has them all. */
  static final int TEXT_LABELS = 5;
  /** Labels Kubernetes controllers add that say nothing to the reader; left out of the text only. */
  private static final Set<String> TEXT_NOISE = Set.of("pod-template-hash", "controller-revision-hash",
      "pod-template-generation", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index");

  private ToolSupport() {}

  /** A read-only, idempotent tool over the query service. */
  static SyncToolSpecification readOnly(String name, String title, String description, String inputSchema,
      Function<ToolArgs, CallToolResult> handler) {
    Tool tool = Tool.builder()
        .name(name)
        .title(title)
        .description(description)
        .inputSchema(McpJsonDefaults.getMapper(), inputSchema)
        .annotations(new ToolAnnotations(title, true, false, true, false, null))
        .build();
    return SyncToolSpecification.builder().tool(tool).callHandler(ToolResults.guarded(name, handler)).build();
  }

  static String iso(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }

  /** {@code namespace/pod/container} when the pod is known, else the bare container id. */
  static String label(JsonNode c) {
    String pod = textOrNull(c, "pod_name");
    if (pod == null) {
      return c.get("container_id").asString();
    }
    return textOrNull(c, "namespace") + "/" + pod + "/" + textOrNull(c, "container_name");
  }

  /** The container's pod labels ({@code labels} of {@code /api/containers}) by key; empty when it has none. */
  static Map<String, String> podLabels(JsonNode c) {
    Map<String, String> out = new TreeMap<>();
    JsonNode labels = c.get("labels");
    if (labels != null && labels.isObject()) {
      for (Map.Entry<String, JsonNode> e : labels.properties()) {
        out.put(e.getKey(), e.getValue().asString());
      }
    }
    return out;
  }

  /**
   * The pod labels compactly for a tool's text: {@code " [app=web,team=shop]"} by key, at most {@link #TEXT_LABELS}
   * of them then {@code +N more}, controller bookkeeping ({@code pod-template-hash}...) left out; empty when none.
   */
  static String labelsText(Map<String, String> labels) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    int hidden = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (TEXT_NOISE.contains(e.getKey())) {
        continue;
      }
      if (shown == TEXT_LABELS) {
        hidden++;
        continue;
      }
      out.append(shown++ == 0 ? " [" : ",").append(e.getKey()).append('=').append(e.getValue());
    }
    if (hidden > 0) {
      out.append(",+").append(hidden).append(" more");
    }
    return shown == 0 ? "" : out.append(']').toString();
  }
}
