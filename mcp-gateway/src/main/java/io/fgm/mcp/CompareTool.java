package io.fgm.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code compare_containers}: two or more containers on one metric, their summaries side by side and whether
 * their changepoints coincide (within {@code tolerance_seconds}), e.g. "did the API slow down when the database's
 * memory jumped?". One {@code /api/summary} call plus one changepoint study per container.
 */
final class CompareTool {
  static final String NAME = "compare_containers";

  private CompareTool() {}

  static SyncToolSpecification spec(QueryClient client) {
    String schema = """
        {"type": "object", "properties": {
          "containers": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 10,
                         "description": "Container ids to compare (2 to 10)."},
          "metric": {"type": "string", "description": "Metric name, e.g. cpu.usage_millicores (millicores)."},
          "tolerance_seconds": {"type": "integer", "minimum": 0, "maximum": 3600, "default": 30,
                                "description": "Changes closer than this many seconds count as coinciding."},
          "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5,
                    "description": "Most level changes to list per container, the largest first (item budget); the text gives each container's total."},
        """ + ToolSupport.RANGE_PROPERTIES + """
        }, "required": ["containers", "metric"], "additionalProperties": false}
        """;
    return ToolSupport.readOnly(NAME, "Compare containers",
        "Compare two or more containers on one metric over a time range (default: the last hour): their summaries "
            + "side by side (avg, p95, max, trend) and their largest level changes, saying which of those coincide in "
            + "time across containers.",
        schema, args -> call(client, args));
  }

  static CallToolResult call(QueryClient client, ToolArgs args) {
    List<String> ids = args.strings("containers", 10);
    if (ids == null || ids.size() < 2) {
      throw new ToolArgumentException("containers", "give at least two container ids");
    }
    String metric = args.required("metric");
    long toleranceMs = args.integer("tolerance_seconds", 30, 0, 3600) * 1000L;
    int limit = args.integer("limit", 5, 1, 50);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("containers", String.join(",", ids));
    params.put("metrics", metric);
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    JsonNode summary = StudyTools.rename(client, "/api/summary", params, "metrics", "metric");
    StringBuilder text = new StringBuilder("Comparing ").append(metric).append(", ")
        .append(ToolSupport.iso(summary.get("from_ms").asLong())).append(" .. ")
        .append(ToolSupport.iso(summary.get("to_ms").asLong())).append(':');
    List<Map<String, Object>> items = new ArrayList<>();
    List<long[]> changes = new ArrayList<>(); // {time, container index}
    int index = 0;
    for (JsonNode c : summary.get("containers")) {
      String id = c.get("container_id").asString();
      JsonNode s = c.get("metrics").get(metric);
      text.append("\n- ").append(SummaryText.who(c)).append(": ").append(SummaryText.metricLine(metric, s)
          .substring(metric.length() + 2));
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("container_id", id);
      item.put("label", SummaryText.labelWithId(c));
      item.put("summary", QueryClient.toMap(s));
      Map<String, Object> cp = new LinkedHashMap<>();
      cp.put("container", id);
      cp.put("metric", metric);
      cp.put("from", summary.get("from_ms").asLong());
      cp.put("to", summary.get("to_ms").asLong());
      // a ramp (a leak) splits into a change every few seconds: only the largest reach the model
      List<JsonNode> all = new ArrayList<>();
      client.get("/api/studies/changepoint", cp).get("result").get("changepoints").forEach(all::add);
      List<String> times = new ArrayList<>();
      for (JsonNode change : largest(all, limit)) {
        changes.add(new long[] {change.get("time_ms").asLong(), index});
        times.add(ToolSupport.iso(change.get("time_ms").asLong()));
      }
      item.put("change_count", all.size());
      item.put("changes", times);
      items.add(item);
      index++;
    }
    for (JsonNode m : summary.get("missing")) {
      text.append("\n- ").append(m.asString()).append(": no ").append(metric).append(" in the range");
    }
    List<Map<String, Object>> together = coinciding(changes, toleranceMs, items);
    text.append(together.isEmpty() ? "\nNo changes coincide across containers (tolerance "
        + toleranceMs / 1000 + " s)." : "\nCoinciding changes (within " + toleranceMs / 1000 + " s):");
    for (Map<String, Object> t : together) {
      text.append("\n- around ").append(t.get("time")).append(": ").append(t.get("containers"));
    }
    for (Map<String, Object> item : items) {
      List<?> times = (List<?>) item.get("changes");
      int count = (Integer) item.get("change_count");
      text.append("\n  changes of ").append(item.get("label")).append(": ")
          .append(count > times.size() ? count + ", the " + times.size() + " largest at " : "")
          .append(times.isEmpty() ? "none" : String.join(", ", times.stream().map(String::valueOf).toList()));
    }
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("metric", metric);
    structured.put("from", ToolSupport.iso(summary.get("from_ms").asLong()));
    structured.put("to", ToolSupport.iso(summary.get("to_ms").asLong()));
    structured.put("containers", items);
    List<String> missing = new ArrayList<>();
    summary.get("missing").forEach(m -> missing.add(m.asString()));
    structured.put("missing", missing);
    structured.put("coinciding", together);
    return ToolResults.ok(text.toString(), structured);
  }

  /** The {@code limit} changes with the largest cost improvement, in time order. */
  static List<JsonNode> largest(List<JsonNode> changes, int limit) {
    return changes.stream()
        .sorted(java.util.Comparator.comparingDouble((JsonNode c) -> -c.get("cost_improvement").asDouble()))
        .limit(limit)
        .sorted(java.util.Comparator.comparingLong((JsonNode c) -> c.get("time_ms").asLong()))
        .toList();
  }

  /** Groups changes of different containers whose times lie within {@code toleranceMs} of the group's first. */
  static List<Map<String, Object>> coinciding(List<long[]> changes, long toleranceMs,
      List<Map<String, Object>> items) {
    changes.sort((a, b) -> Long.compare(a[0], b[0]));
    List<Map<String, Object>> out = new ArrayList<>();
    int i = 0;
    while (i < changes.size()) {
      int j = i;
      java.util.Set<Long> who = new java.util.LinkedHashSet<>();
      while (j < changes.size() && changes.get(j)[0] - changes.get(i)[0] <= toleranceMs) {
        who.add(changes.get(j)[1]);
        j++;
      }
      if (who.size() >= 2) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("time", ToolSupport.iso(changes.get(i)[0]));
        group.put("containers", who.stream().map(k -> (String) items.get(k.intValue()).get("label")).toList());
        out.add(group);
      }
      i = j;
    }
    return out;
  }
}
