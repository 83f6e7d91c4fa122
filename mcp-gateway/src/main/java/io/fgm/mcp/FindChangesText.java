package io.fgm.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Renders an answer of {@code GET /api/findings} for {@code find_changes}: a header with the total and the count per
 * kind, one line per finding (kind, who, where, when, what), "showing N of M" when the budget cut the list; and the
 * same findings as structured content with times as ISO-8601 UTC and epoch ms and units in the field names. Pure:
 * the metric units come in as a function.
 */
final class FindChangesText {
  /** Singular and plural of each kind as a person says it; unknown kinds fall back to their lower-case name. */
  private static final Map<String, String[]> KIND_WORDS = Map.of(
      "OOM_KILL", new String[] {"OOM kill", "OOM kills"},
      "MEMORY_LEAK", new String[] {"memory leak", "memory leaks"},
      "MEMORY_NEAR_LIMIT", new String[] {"memory near its limit", "memory near its limit"},
      "THROTTLING", new String[] {"CPU throttling", "CPU throttling"},
      "PERIODIC", new String[] {"new periodic pattern", "new periodic patterns"},
      "CHANGEPOINT", new String[] {"step change", "step changes"},
      "RESTART", new String[] {"restart", "restarts"},
      "OTHER", new String[] {"other finding", "other findings"});

  private FindChangesText() {}

  /**
   * @param body the query service's answer
   * @param unitOf the unit symbol of a metric ({@code B}, {@code m}, …), or null when unknown
   */
  static CallToolResult render(JsonNode body, UnaryOperator<String> unitOf) {
    long fromMs = body.get("from").asLong();
    long toMs = body.get("to").asLong();
    int total = body.get("total").asInt();
    JsonNode findings = body.get("findings");
    int returned = findings.size();
    Set<String> nodes = new LinkedHashSet<>();
    findings.forEach(f -> nodes.add(f.get("node").asString()));

    StringBuilder text = new StringBuilder();
    String range = span(toMs - fromMs) + " (" + ToolSupport.iso(fromMs) + " .. " + ToolSupport.iso(toMs) + ")";
    if (total == 0) {
      text.append("No changes in ").append(range).append(" matching these filters. Widen from/to, lower "
          + "min_score or drop filters; find_changes only knows what the streaming analysis reported.");
    } else {
      text.append(total).append(total == 1 ? " change in " : " changes in ").append(range);
      boolean truncated = returned < total;
      if (!truncated) {
        text.append(" across ").append(plural(nodes.size(), "node", "nodes"));
      }
      text.append(": ").append(counts(body.get("counts_by_kind")));
      if (truncated) {
        text.append("; showing the ").append(returned).append(" most urgent of ").append(total).append(" (on ")
            .append(plural(nodes.size(), "node", "nodes")).append("); raise budget (max ")
            .append(FindChangesTool.MAX_BUDGET).append(") or narrow with kinds, node, namespace, container or "
                + "min_score for the rest:");
      } else {
        text.append("; showing ").append(returned).append(" of ").append(total).append(':');
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    int rank = 0;
    for (JsonNode f : findings) {
      Map<String, Object> item = item(f, unitOf);
      items.add(item);
      text.append('\n').append(++rank).append(". ").append(line(f));
    }
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("from", ToolSupport.iso(fromMs));
    structured.put("from_ms", fromMs);
    structured.put("to", ToolSupport.iso(toMs));
    structured.put("to_ms", toMs);
    structured.put("total", total);
    structured.put("returned", returned);
    structured.put("truncated", returned < total);
    structured.put("counts_by_kind", QueryClient.toMap(body.get("counts_by_kind")));
    structured.put("nodes", List.copyOf(nodes));
    structured.put("findings", items);
    return ToolResults.ok(text.toString(), structured);
  }

  /** {@code OOM_KILL shop/checkout-7f9c/app (3f1c9a2be4d7) on worker-3 at T [metric, score 1.00]: description}. */
  static String line(JsonNode f) {
    long start = f.get("start_ms").asLong();
    long end = f.get("end_ms").asLong();
    String when = start == end ? "at " + ToolSupport.iso(start)
        : ToolSupport.iso(start) + " .. " + ToolSupport.iso(end) + " (" + SummaryText.duration((end - start) / 1000.0)
            + ")";
    return f.get("kind").asString() + " " + SummaryText.who(f) + " " + when + " [" + f.get("metric").asString()
        + ", score " + String.format(Locale.ROOT, "%.2f", f.get("score").asDouble()) + "]: "
        + f.get("description").asString();
  }

  /**
   * One finding as structured content: labels, times in ISO-8601 and ms, magnitude with its unit. The pod UID and
   * the detection time are left out: a model does not act on them, and every byte is context.
   */
  static Map<String, Object> item(JsonNode f, UnaryOperator<String> unitOf) {
    long start = f.get("start_ms").asLong();
    long end = f.get("end_ms").asLong();
    String kind = f.get("kind").asString();
    String metric = f.get("metric").asString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("finding_id", f.get("finding_id").asString());
    m.put("kind", kind);
    m.put("node", f.get("node").asString());
    m.put("container_id", f.get("container_id").asString());
    m.put("pod_name", ToolSupport.textOrNull(f, "pod_name"));
    m.put("namespace", ToolSupport.textOrNull(f, "namespace"));
    m.put("container_name", ToolSupport.textOrNull(f, "container_name"));
    m.put("metric", metric);
    m.put("start", ToolSupport.iso(start));
    m.put("start_ms", start);
    m.put("end", ToolSupport.iso(end));
    m.put("end_ms", end);
    m.put("duration_seconds", (end - start) / 1000.0);
    m.put("score", f.get("score").asDouble());
    m.put("magnitude", f.get("magnitude").asDouble());
    m.put("magnitude_unit", magnitudeUnit(kind, unitOf.apply(metric)));
    m.put("description", f.get("description").asString());
    JsonNode details = f.get("details");
    m.put("details", details == null || details.isNull() ? Map.of() : QueryClient.toMap(details));
    return m;
  }

  /**
   * The unit of {@code magnitude}, which depends on the kind (SCHEMA.md, Findings): a count of kills or restarts, a
   * slope per second for a leak, a ratio of periods for throttling, otherwise the metric's own unit (a step, an
   * amplitude, a level).
   */
  static String magnitudeUnit(String kind, String metricUnit) {
    return switch (kind) {
      case "OOM_KILL", "RESTART" -> "count";
      case "THROTTLING" -> "ratio";
      case "MEMORY_LEAK" -> metricUnit == null ? null : metricUnit + "/s";
      default -> metricUnit;
    };
  }

  /** {@code 1 OOM kill, 2 memory leaks, 1 new periodic pattern}, in the service's order (most urgent first). */
  static String counts(JsonNode countsByKind) {
    List<String> parts = new ArrayList<>();
    for (var e : countsByKind.properties()) {
      int n = e.getValue().asInt();
      String[] words = KIND_WORDS.get(e.getKey());
      String name = e.getKey().toLowerCase(Locale.ROOT).replace('_', ' ');
      parts.add(n + " " + (words == null ? name : n == 1 ? words[0] : words[1]));
    }
    return String.join(", ", parts);
  }

  /** A range length as a person says it: {@code 1 h}, {@code 30 min}, {@code 2 d}, {@code 90 s}. */
  static String span(long ms) {
    long s = ms / 1000;
    if (s >= 172_800 && s % 86_400 == 0) {
      return s / 86_400 + " d";
    }
    if (s >= 3600 && s % 3600 == 0) {
      return s / 3600 + " h";
    }
    if (s >= 60 && s % 60 == 0) {
      return s / 60 + " min";
    }
    return SummaryText.duration(s);
  }

  private static String plural(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
