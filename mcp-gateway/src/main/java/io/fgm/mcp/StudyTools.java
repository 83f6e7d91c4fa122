package io.fgm.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code summarize_container} and {@code analyze_container}: the studies (summary, trend, leak score, changepoints,
 * periodicity) of the query service, rendered as a few lines. Default range: the last hour.
 */
final class StudyTools {
  static final String CONTAINER_PROPERTY = """
          "container": {"type": "string", "description": "Container id, as list_containers or top_containers give it."}""";

  private StudyTools() {}

  static SyncToolSpecification summarize(QueryClient client) {
    String schema = "{\"type\": \"object\", \"properties\": {" + CONTAINER_PROPERTY + ",\n" + """
          "metrics": {"type": "array", "items": {"type": "string"}, "maxItems": 10,
                      "description": "Metric names (see list_metrics). Default: the key metrics the container has: cpu.usage_millicores, cpu.throttled_ratio, memory.working_set_bytes, memory.current_bytes, memory.events.oom_kill, io.read_bytes_per_s, io.write_bytes_per_s, pids.current."},
        """ + ToolSupport.RANGE_PROPERTIES + "}, \"required\": [\"container\"], \"additionalProperties\": false}";
    return ToolSupport.readOnly("summarize_container", "Summarize a container",
        "Summarize one container's key metrics over a time range (default: the last hour) in one compact block: "
            + "average, p95, max and last value with units, the trend (RISING, FALLING, FLAT or OSCILLATING, with "
            + "its slope per second and p-value), a leak score (0..1) with the time until the memory limit is "
            + "reached, and gaps in the data.",
        schema, args -> summarize(client, args));
  }

  static SyncToolSpecification analyze(QueryClient client) {
    String schema = "{\"type\": \"object\", \"properties\": {" + CONTAINER_PROPERTY + ",\n" + """
          "metric": {"type": "string", "description": "Metric name, e.g. memory.working_set_bytes (bytes) or cpu.usage_millicores (millicores)."},
          "study": {"type": "string", "enum": ["changepoint", "periodicity", "trend"], "default": "changepoint",
                    "description": "changepoint: when the level changed and by how much; periodicity: a repeating pattern, its period (seconds) and amplitude; trend: direction, slope and leak score."},
          "window_seconds": {"type": "integer", "minimum": 4, "maximum": 3600, "default": 60,
                             "description": "periodicity only: window length in samples (1 s each); periods up to half of it are found."},
          "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10,
                    "description": "changepoint only: most changes to list (the largest first)."},
        """ + ToolSupport.RANGE_PROPERTIES + "}, \"required\": [\"container\", \"metric\"], \"additionalProperties\": false}";
    return ToolSupport.readOnly("analyze_container", "Analyze a container's metric",
        "Run a study on one metric of one container over a time range (default: the last hour) and return the "
            + "findings: changepoints (times, level before and after, change), periodicity (period, strength, "
            + "amplitude, where it holds) or trend/leak (slope, p-value, leak score, time to the memory limit).",
        schema, args -> analyze(client, args));
  }

  static CallToolResult summarize(QueryClient client, ToolArgs args) {
    String id = args.required("container");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("containers", id);
    params.put("metrics", args.strings("metrics", 10) == null ? null : String.join(",", args.strings("metrics", 10)));
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    JsonNode body = rename(client, "/api/summary", params, "containers", "container");
    if (body.get("containers").isEmpty()) {
      throw new ToolArgumentException("container", "container '" + id + "' has none of these metrics between "
          + ToolSupport.iso(body.get("from_ms").asLong()) + " and " + ToolSupport.iso(body.get("to_ms").asLong())
          + "; check the id with list_containers or widen from/to");
    }
    JsonNode c = body.get("containers").get(0);
    StringBuilder text = new StringBuilder(SummaryText.who(c)).append(", QoS ").append(c.get("qos").asString())
        .append(", ").append(ToolSupport.iso(body.get("from_ms").asLong())).append(" .. ")
        .append(ToolSupport.iso(body.get("to_ms").asLong())).append(':');
    for (var e : c.get("metrics").properties()) {
      text.append("\n- ").append(SummaryText.metricLine(e.getKey(), e.getValue()));
    }
    return ToolResults.ok(text.toString(), QueryClient.toMap(body));
  }

  static CallToolResult analyze(QueryClient client, ToolArgs args) {
    String id = args.required("container");
    String metric = args.required("metric");
    String study = args.string("study") == null ? "changepoint" : args.string("study");
    int limit = args.integer("limit", 10, 1, 50);
    int window = args.integer("window_seconds", 60, 4, 3600);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("container", id);
    params.put("metric", metric);
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    switch (study) {
      case "changepoint" -> {
        JsonNode r = client.get("/api/studies/changepoint", params);
        return changepoints(r, limit);
      }
      case "periodicity" -> {
        params.put("window", window);
        return periodicity(rename(client, "/api/studies/periodicity", params, "window", "window_seconds"));
      }
      case "trend" -> {
        params.remove("container");
        params.remove("metric");
        params.put("containers", id);
        params.put("metrics", metric);
        return summarize(client, new ToolArgs(Map.of("container", id, "metrics", List.of(metric),
            "from", nullToEmpty(args.string("from")), "to", nullToEmpty(args.string("to")))));
      }
      default -> throw new ToolArgumentException("study", "study must be changepoint, periodicity or trend");
    }
  }

  static CallToolResult changepoints(JsonNode r, int limit) {
    String unit = ToolSupport.textOrNull(r, "unit");
    List<JsonNode> cps = new ArrayList<>();
    r.get("result").get("changepoints").forEach(cps::add);
    List<JsonNode> top = cps.stream()
        .sorted(Comparator.comparingDouble((JsonNode c) -> -c.get("cost_improvement").asDouble())).limit(limit)
        .sorted(Comparator.comparingLong((JsonNode c) -> c.get("time_ms").asLong())).toList();
    StringBuilder text = new StringBuilder().append(cps.size()).append(cps.size() == 1 ? " change" : " changes")
        .append(" in ").append(r.get("metric").asString()).append(" of ").append(SummaryText.who(r)).append(", ")
        .append(ToolSupport.iso(r.get("from_ms").asLong())).append(" .. ").append(ToolSupport.iso(r.get("to_ms")
            .asLong())).append(" (").append(r.get("points").asInt()).append(" samples)");
    if (cps.size() > top.size()) {
      text.append("; showing the ").append(top.size()).append(" largest");
    }
    text.append(cps.isEmpty() ? ": the level is stable." : ":");
    List<Map<String, Object>> items = new ArrayList<>();
    for (JsonNode c : top) {
      double before = c.get("mean_before").asDouble();
      double after = c.get("mean_after").asDouble();
      text.append("\n- ").append(ToolSupport.iso(c.get("time_ms").asLong())).append(": ")
          .append(Units.format(before, unit)).append(" -> ").append(Units.format(after, unit));
      if (c.hasNonNull("relative_change")) {
        text.append(String.format(java.util.Locale.ROOT, " (%+.0f%%)", 100 * c.get("relative_change").asDouble()));
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("time", ToolSupport.iso(c.get("time_ms").asLong()));
      item.put("mean_before", before);
      item.put("mean_after", after);
      item.put("absolute_change", c.get("absolute_change").asDouble());
      item.put("relative_change", c.hasNonNull("relative_change") ? c.get("relative_change").asDouble() : null);
      item.put("strength", c.get("cost_improvement").asDouble());
      items.add(item);
    }
    Map<String, Object> structured = header(r);
    structured.put("total", cps.size());
    structured.put("changepoints", items);
    return ToolResults.ok(text.toString(), structured);
  }

  static CallToolResult periodicity(JsonNode r) {
    String unit = ToolSupport.textOrNull(r, "unit");
    JsonNode p = r.get("result");
    StringBuilder text = new StringBuilder();
    Map<String, Object> structured = header(r);
    if (p.get("dominant_period").isNull()) {
      text.append("No periodic pattern in ").append(r.get("metric").asString()).append(" of ")
          .append(SummaryText.who(r)).append(" (").append(p.get("windows").asInt()).append(" windows of ")
          .append(p.get("window_size").asInt()).append(" samples, periods ").append(p.get("min_period").asInt())
          .append("..").append(p.get("max_period").asInt()).append(" samples).");
      structured.put("periodic", false);
      return ToolResults.ok(text.toString(), structured);
    }
    double periodS = p.get("period_ms").asLong() / 1000.0;
    text.append("Periodic: ").append(r.get("metric").asString()).append(" of ").append(SummaryText.who(r))
        .append(" repeats every ").append(SummaryText.duration(periodS)).append(" (score ")
        .append(String.format(java.util.Locale.ROOT, "%.2f", p.get("score").asDouble())).append(", amplitude ")
        .append(Units.format(p.get("amplitude").asDouble(), unit)).append(") in ")
        .append(p.get("windows_with_pattern").asInt()).append(" of ").append(p.get("windows").asInt())
        .append(" windows:");
    List<Map<String, Object>> ranges = new ArrayList<>();
    for (JsonNode range : p.get("ranges")) {
      text.append("\n- ").append(ToolSupport.iso(range.get("start_time_ms").asLong())).append(" .. ")
          .append(ToolSupport.iso(range.get("end_time_ms").asLong()));
      ranges.add(Map.of("from", ToolSupport.iso(range.get("start_time_ms").asLong()),
          "to", ToolSupport.iso(range.get("end_time_ms").asLong()), "score", range.get("mean_score").asDouble()));
    }
    structured.put("periodic", true);
    structured.put("period_seconds", periodS);
    structured.put("score", p.get("score").asDouble());
    structured.put("amplitude", p.get("amplitude").asDouble());
    structured.put("ranges", ranges);
    return ToolResults.ok(text.toString(), structured);
  }

  private static Map<String, Object> header(JsonNode r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("container_id", r.get("container_id").asString());
    m.put("metric", r.get("metric").asString());
    m.put("unit", ToolSupport.textOrNull(r, "unit"));
    m.put("from", ToolSupport.iso(r.get("from_ms").asLong()));
    m.put("to", ToolSupport.iso(r.get("to_ms").asLong()));
    return m;
  }

  /** Calls the service, reporting its parameter {@code serviceName} under the tool's argument {@code toolName}. */
  static JsonNode rename(QueryClient client, String path, Map<String, Object> params, String serviceName,
      String toolName) {
    try {
      return client.get(path, params);
    } catch (QueryServiceException e) {
      if (serviceName.equals(e.parameter())) {
        throw new ToolArgumentException(toolName, e.getMessage());
      }
      throw e;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
