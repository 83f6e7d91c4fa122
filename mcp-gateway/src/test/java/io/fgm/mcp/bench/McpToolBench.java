package io.fgm.mcp.bench;

import io.fgm.mcp.McpConfig;
import io.fgm.mcp.McpGateway;
import io.fgm.mcp.fixture.FindingsFixture;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.bench.BenchStore;
import io.fgm.schema.FindingKind;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Tool-call latency and response size of every MCP tool (a main, not a test: it prints numbers and asserts nothing).
 * The SDK's own client calls a real gateway over Streamable HTTP on loopback, which calls a real query service over
 * the 24 h × 100-container store of the query service's benchmark ({@link BenchStore}, 25.9 M rows, 1,440 files),
 * plus a findings tier of 600 findings for {@code find_changes}. The query service's clock is pinned to the store's
 * end, so the tools' default "last hour" is the store's last hour.
 *
 * <p>Each tool is called {@code calls} times per round for {@code rounds} rounds, one call at a time (the latency a
 * single agent sees), with the container argument rotating over the 100 containers so that the query service's
 * caches help only as they would in use. Reported per tool: the first call (cold caches), the median over rounds of
 * each round's p50 and p95, and the median size in bytes of the result as JSON (what the model's context receives:
 * text plus structured content) and of its text alone.
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-mcp-bench] [calls=20] [rounds=3] [copy-store-from]}; the store is written once
 * into {@code dir} (or copied from a directory holding a complete one, e.g. {@code /tmp/fgm-bench}) and reused.
 */
public final class McpToolBench {
  private static final int FINDINGS = 600;

  private McpToolBench() {}

  public static void main(String[] args) throws Exception {
    int status = 0;
    try {
      measure(args);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    // the SDK's Streamable HTTP transport leaves its session-sweeper thread (not a daemon) running after close
    System.exit(status);
  }

  static void measure(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-mcp-bench");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, false);
    Path root = dir.resolve(spec.dirName());
    if (args.length > 3 && !Files.exists(root.resolve("_COMPLETE"))) {
      copyTree(Path.of(args[3]).resolve(spec.dirName()), root);
    }
    spec.ensure(dir);
    writeFindings(root, spec);
    String loadBefore = loadAverage();
    System.out.printf("%s, store %s (%,d rows + %d findings), %d cores, load average %s, %d calls x %d rounds%n",
        Instant.now(), root, spec.rows(), FINDINGS, Runtime.getRuntime().availableProcessors(), loadBefore, calls,
        rounds);

    QueryConfig queryConfig = QueryConfig.builder().storePath(root).port(0)
        .indexSnapshot(dir.resolve(spec.dirName() + ".index"))
        .clock(Clock.fixed(Instant.ofEpochMilli(spec.endMs()), ZoneOffset.UTC)).build();
    try (QueryServer query = QueryServer.start(queryConfig);
        McpGateway gateway = McpGateway.start(McpConfig.builder().port(0)
            // cold 24 h scans take tens of seconds on a loaded 2-core machine: measure them, do not time out
            .queryTimeout(Duration.ofMinutes(2))
            .queryServiceUrl("http://127.0.0.1:" + query.port()).build())) {
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
              .builder("http://127.0.0.1:" + gateway.port()).endpoint("/mcp").build())
          .requestTimeout(Duration.ofMinutes(2)).build();
      client.initialize();
      try {
        long t0 = System.nanoTime();
        call(client, "list_containers", Map.of()); // waits for the index the server builds at start
        System.out.printf("first list_containers (index warm-up): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        System.out.println();
        System.out.println("| tool (arguments) | first call ms | p50 ms | p95 ms | result bytes | text bytes |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, IntFunction<Map<String, Object>>> w : workloads().entrySet()) {
          run(client, w.getKey(), w.getValue(), calls, rounds);
        }
      } finally {
        client.closeGracefully();
      }
    }
    System.out.printf("%nload average before %s, after %s%n", loadBefore, loadAverage());
  }

  /** Tool name (plus a label) → arguments of the i-th call; realistic calls an agent makes. */
  static Map<String, IntFunction<Map<String, Object>>> workloads() {
    Map<String, IntFunction<Map<String, Object>>> w = new LinkedHashMap<>();
    w.put("list_nodes", i -> Map.of());
    w.put("list_metrics", i -> Map.of());
    w.put("list_containers", i -> Map.of("namespace", List.of("prod", "staging", "jobs", "kube-system").get(i % 4)));
    w.put("top_containers memory max 1 h", i -> Map.of("metric", "memory.working_set_bytes", "stat", "max"));
    w.put("top_containers cpu avg 24 h", i -> Map.of("metric", "cpu.usage_millicores", "from", "-24h"));
    w.put("summarize_container 1 h", i -> Map.of("container", id(i)));
    w.put("analyze_container changepoint 1 h", i -> Map.of("container", id(i), "metric", "cpu.usage_millicores"));
    w.put("analyze_container periodicity 1 h", i -> Map.of("container", id(i), "metric", "cpu.usage_millicores",
        "study", "periodicity"));
    w.put("analyze_container trend 1 h", i -> Map.of("container", id(i), "metric", "memory.working_set_bytes",
        "study", "trend"));
    w.put("find_changes 1 h", i -> Map.of());
    w.put("find_changes 24 h, budget 100", i -> Map.of("from", "-24h", "budget", 100));
    w.put("compare_containers 3 × 1 h", i -> Map.of("containers", List.of(id(i), id(i + 1), id(i + 2)),
        "metric", "cpu.usage_millicores"));
    return w;
  }

  static void run(McpSyncClient client, String label, IntFunction<Map<String, Object>> args, int calls, int rounds) {
    String tool = label.split(" ")[0];
    long t0 = System.nanoTime();
    CallToolResult first = call(client, tool, args.apply(0));
    double firstMs = (System.nanoTime() - t0) / 1e6;
    List<Double> p50s = new ArrayList<>();
    List<Double> p95s = new ArrayList<>();
    List<Double> resultBytes = new ArrayList<>();
    List<Double> textBytes = new ArrayList<>();
    int i = 1;
    for (int r = 0; r < rounds; r++) {
      List<Double> ms = new ArrayList<>();
      for (int c = 0; c < calls; c++, i++) {
        long start = System.nanoTime();
        CallToolResult result = call(client, tool, args.apply(i));
        ms.add((System.nanoTime() - start) / 1e6);
        resultBytes.add((double) json(result).getBytes(StandardCharsets.UTF_8).length);
        textBytes.add((double) ((TextContent) result.content().get(0)).text().getBytes(StandardCharsets.UTF_8)
            .length);
      }
      p50s.add(percentile(ms, 50));
      p95s.add(percentile(ms, 95));
    }
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %,.0f | %,.0f |%n", label, firstMs,
        percentile(p50s, 50), percentile(p95s, 50), percentile(resultBytes, 50), percentile(textBytes, 50));
    if (first.isError()) {
      System.out.println("  (first call was an error: " + ((TextContent) first.content().get(0)).text() + ")");
    }
  }

  /** The result as the JSON the client received (without the JSON-RPC envelope). */
  static String json(CallToolResult result) {
    try {
      return McpJsonDefaults.getMapper().writeValueAsString(result);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException(tool + " " + args + ": " + ((TextContent) r.content().get(0)).text());
    }
    return r;
  }

  static String id(int i) {
    return BenchStore.containerId(Math.floorMod(i * 37, 100)); // spread over nodes and namespaces
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> values, double p) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /**
   * 600 findings over the store's day (6 per container: kinds in turn, scores spread), the density of a busy
   * cluster; rewritten on every run so the tier always matches this code.
   */
  static void writeFindings(Path root, BenchStore spec) {
    FindingsFixture f = new FindingsFixture(root);
    FindingKind[] kinds = FindingKind.values();
    for (int n = 0; n < FINDINGS; n++) {
      int c = n % spec.containers();
      FindingKind kind = kinds[n % (kinds.length - 1)]; // every kind but OTHER
      long start = spec.startMs() + (long) n * (spec.endMs() - spec.startMs() - 600_000) / FINDINGS;
      long end = kind == FindingKind.OOM_KILL || kind == FindingKind.RESTART ? start : start + 600_000;
      String metric = kind.name().startsWith("MEMORY") || kind == FindingKind.OOM_KILL
          ? "memory.working_set_bytes" : "cpu.usage_millicores";
      f.add(FindingsFixture.finding(kind, BenchStore.node(c % spec.nodes()), BenchStore.containerId(c),
          new String[] {"pod-" + c, List.of("prod", "staging", "jobs", "kube-system").get(c % 4), "app-" + c},
          metric, start, end, (n * 7919 % 100) / 100.0, n, kind.name().toLowerCase(Locale.ROOT) + " of " + metric
              + " in pod-" + c, Map.of("index", (double) n)));
    }
    f.write("bench-findings.parquet");
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.exists(from.resolve("_COMPLETE"))) {
      return;
    }
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (p.getFileName().toString().equals("_COMPLETE")) {
          continue; // last: a copy cut short must not look complete
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.copy(from.resolve("_COMPLETE"), to.resolve("_COMPLETE"), StandardCopyOption.REPLACE_EXISTING);
  }
}
