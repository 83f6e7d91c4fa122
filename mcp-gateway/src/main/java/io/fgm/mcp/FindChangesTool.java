package io.fgm.mcp;

import io.fgm.schema.FindingKind;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * {@code find_changes}: what changed or went wrong across the cluster in a range, from the findings the streaming
 * studies of the Flink job stored (OOM kills, memory leaks, memory near its limit, CPU throttling, new periodic
 * behaviour, step changes, restarts), ranked most urgent first. One call to {@code GET /api/findings}; the gateway
 * computes nothing, so the answer is as fast on a week as on an hour. Rendering is in {@link FindChangesText}.
 */
final class FindChangesTool {
  static final String NAME = "find_changes";
  static final int DEFAULT_BUDGET = 20;
  static final int MAX_BUDGET = 100;
  static final List<String> KINDS = Arrays.stream(FindingKind.values()).map(Enum::name).toList();

  /**
   * The query service's parameter names that differ from this tool's argument names, so that its 400 ("kind: no
   * such kind") reaches the model under the argument the model wrote.
   */
  private static final Map<String, String> ARGUMENT_OF_PARAMETER = Map.of("kind", "kinds", "limit", "budget");

  private FindChangesTool() {}

  static SyncToolSpecification spec(QueryClient client) {
    String kindEnum = KINDS.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
    String schema = """
        {"type": "object", "properties": {
          "kinds": {"type": "array", "items": {"type": "string", "enum": [%s]}, "uniqueItems": true,
                    "description": "Only these kinds of change. OOM_KILL: the kernel killed a process for memory; MEMORY_LEAK: memory rising steadily toward the limit; MEMORY_NEAR_LIMIT: working set close to the memory limit; THROTTLING: sustained CPU throttling (CFS quota); PERIODIC: a new repeating pattern; CHANGEPOINT: a step change in a metric's level; RESTART: the container was restarted (new container id); OTHER. Default: all kinds."},
          "min_score": {"type": "number", "minimum": 0, "maximum": 1,
                        "description": "Only findings at least this severe/confident, 0..1 (default 0: all)."},
          "budget": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d,
                     "description": "Most findings to return, most urgent first; the text says 'showing N of M' when there are more."},
          "container": {"type": "string", "description": "A container id (as list_containers gives it), or a case-insensitive fragment of the pod name, container name or namespace, e.g. checkout."},
          "namespace": {"type": "string", "description": "Kubernetes namespace, exact match."},
          "node": {"type": "string", "description": "Node name, exact match. Omit to search the whole cluster."},
        """.formatted(kindEnum, MAX_BUDGET, DEFAULT_BUDGET)
        + ToolSupport.RANGE_PROPERTIES + "}, \"additionalProperties\": false}";
    return ToolSupport.readOnly(NAME, "Find changes in the cluster",
        "What changed or went wrong in the cluster over a time range (default: the last hour): OOM kills, memory "
            + "leaks, memory near its limit, CPU throttling, new periodic behaviour, step changes and restarts that "
            + "fgm's streaming analysis found in any container on any node, ranked most urgent first (OOM kills "
            + "first, then by kind and severity score). Start here for 'what happened?', 'why was pod X restarted?' "
            + "or 'anything wrong in namespace Y?'; then use summarize_container or analyze_container on a "
            + "container it names. Filter by node, namespace, container, kinds and min_score.",
        schema, args -> call(client, args));
  }

  static CallToolResult call(QueryClient client, ToolArgs args) {
    Map<String, Object> params = params(args);
    JsonNode body;
    try {
      body = client.get("/api/findings", params);
    } catch (QueryServiceException e) {
      if (e.isClientError() && e.parameter() != null) {
        throw new ToolArgumentException(ARGUMENT_OF_PARAMETER.getOrDefault(e.parameter(), e.parameter()),
            e.getMessage());
      }
      if (e.status() == 404) { // a query service older than the findings tier
        throw new QueryServiceException(404, null, "the query service at " + client.base()
            + " has no /api/findings (it predates the findings tier): " + e.getMessage());
      }
      throw e;
    }
    return FindChangesText.render(body, client::unitOf);
  }

  /** The query service's parameters for the tool's arguments; validates what the JSON schema cannot. */
  static Map<String, Object> params(ToolArgs args) {
    List<String> kinds = args.strings("kinds", KINDS.size());
    if (kinds != null) {
      kinds = kinds.stream().map(k -> k.toUpperCase(Locale.ROOT)).distinct().toList();
      for (String k : kinds) {
        if (!KINDS.contains(k)) {
          throw new ToolArgumentException("kinds", "unknown kind '" + k + "'; kinds are " + KINDS);
        }
      }
    }
    Double minScore = args.number("min_score", 0, 1);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("from", args.string("from"));
    params.put("to", args.string("to"));
    params.put("node", args.string("node"));
    params.put("namespace", args.string("namespace"));
    params.put("container", args.string("container"));
    params.put("kind", kinds == null ? null : String.join(",", kinds));
    params.put("min_score", minScore);
    params.put("limit", args.integer("budget", DEFAULT_BUDGET, 1, MAX_BUDGET));
    return params;
  }
}
