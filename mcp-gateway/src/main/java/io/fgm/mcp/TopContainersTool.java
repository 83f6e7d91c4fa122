package io.fgm.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code top_containers}: which containers use the most of a metric over a range, cluster-wide or filtered
 * ("which container uses the most memory on node X / in namespace Y"). One call to
 * {@code GET /api/containers?sort=<metric>:<stat>&limit=N} (stat avg, max, min, p50, p95, p99) plus the metric's unit from {@code /api/metrics}.
 */
final class TopContainersTool {
  static final String NAME = "top_containers";

  private TopContainersTool() {}

  static SyncToolSpecification spec(QueryClient client) {
    String schema = """
        {"type": "object", "properties": {
          "metric": {"type": "string",
                     "description": "Metric name, e.g. cpu.usage_millicores (millicores), memory.working_set_bytes (bytes); see list_metrics."},
          "stat": {"type": "string", "enum": ["avg", "max", "min", "p50", "p95", "p99"], "default": "avg",
                   "description": "Statistic over the range to rank by: avg (sustained use); max (the single highest sample: one brief spike wins); min; p50 (the median: the typical value); p95 (the value the container stays under 95 % of the time: robust to brief spikes, the usual choice for sizing); p99 (stays under 99 % of the time). Percentiles are exact, so a long range over many containers can be refused: narrow the range or filter."},
          "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10,
                    "description": "How many containers to return (item budget)."},
        """ + ToolSupport.FILTER_PROPERTIES + ",\n" + ToolSupport.RANGE_PROPERTIES + """
        }, "required": ["metric"], "additionalProperties": false}
        """;
    return ToolSupport.readOnly(NAME, "Top containers by a metric",
        "Rank containers by a metric's average, maximum, minimum or percentile (p50, p95, p99) over a time range (default: the last hour), highest "
            + "first, across the whole cluster or filtered by namespace, node, QoS, name or label selector. Answers "
            + "questions like 'which container uses the most memory on node X' or 'what burns CPU in namespace Y'. "
            + "Values are given with their unit.",
        schema, args -> call(client, args));
  }

  static CallToolResult call(QueryClient client, ToolArgs args) {
    String metric = args.required("metric");
    String stat = args.string("stat") == null ? "avg" : args.string("stat");
    int limit = args.integer("limit", 10, 1, 50);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("sort", metric + ":" + stat);
    params.put("limit", limit);
    params.put("namespace", args.string("namespace"));
    params.put("node", args.string("node"));
    params.put("qos", args.string("qos"));
    params.put("name", args.string("name"));
    params.put("selector", args.string("selector"));
    params.put("from", args.string("from") == null ? "-1h" : args.string("from"));
    params.put("to", args.string("to"));
    JsonNode page;
    try {
      page = client.get("/api/containers", params);
    } catch (QueryServiceException e) {
      if ("sort".equals(e.parameter())) { // the query service calls it 'sort'; the model called it 'metric'/'stat'
        throw new ToolArgumentException(e.getMessage().contains("statistic") ? "stat" : "metric", e.getMessage());
      }
      throw e;
    }
    String unit = client.unitOf(metric);
    int total = page.get("total").asInt();
    JsonNode containers = page.get("containers");
    StringBuilder text = new StringBuilder();
    text.append(containers.isEmpty() ? "No container has " + metric : "Top " + containers.size() + " of " + total
        + " containers by " + stat + " " + metric).append(" (").append(Units.describe(unit)).append(") over ")
        .append(ToolSupport.iso(page.get("from_ms").asLong())).append(" .. ")
        .append(ToolSupport.iso(page.get("to_ms").asLong())).append(containers.isEmpty() ? "." : ":");
    List<Map<String, Object>> items = new ArrayList<>();
    int rank = 0;
    for (JsonNode c : containers) {
      String id = c.get("container_id").asString();
      double v = page.get("values").get(id).asDouble();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("rank", ++rank);
      item.put("container_id", id);
      item.put("pod_name", ToolSupport.textOrNull(c, "pod_name"));
      item.put("namespace", ToolSupport.textOrNull(c, "namespace"));
      item.put("container_name", ToolSupport.textOrNull(c, "container_name"));
      item.put("node", ToolSupport.textOrNull(c, "node"));
      item.put("qos", ToolSupport.textOrNull(c, "qos"));
      Map<String, String> labels = ToolSupport.podLabels(c);
      item.put("labels", labels);
      item.put("value", v);
      items.add(item);
      text.append("\n").append(rank).append(". ").append(ToolSupport.label(c))
          .append(ToolSupport.labelsText(labels)).append(" on ").append(item.get("node"))
          .append(": ").append(Units.format(v, unit)).append(" (id ").append(id).append(")");
    }
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("metric", metric);
    structured.put("stat", stat);
    structured.put("unit", unit);
    structured.put("total", total);
    structured.put("from", ToolSupport.iso(page.get("from_ms").asLong()));
    structured.put("to", ToolSupport.iso(page.get("to_ms").asLong()));
    structured.put("containers", items);
    return ToolResults.ok(text.toString(), structured);
  }
}
