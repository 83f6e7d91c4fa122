package io.fgm.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic investigation ("why was the checkout pod restarted?") made of real tool calls over a store with a
 * planted memory leak that ends in an OOM kill. Checks the answers point at the leak and writes the transcript to
 * {@code target/transcript.md} (the README's transcript is a copy).
 */
class InvestigationTranscriptITCase {
  static final long START = Instant.parse("2026-03-02T14:00:00Z").toEpochMilli();
  static final long END = START + 30 * 60_000;
  static final long OOM = START + 1_447_000; // 300 MiB + 150 KiB/s reaches the 512 MiB limit here
  static final double MIB = 1024 * 1024;
  static final ContainerRef CHECKOUT =
      StoreFixture.container("3f1c9a2be4d7", "checkout-7f9c", "shop", "app", QosClass.BURSTABLE);
  static final ContainerRef CART = StoreFixture.container("8a2d4c6e0b13", "cart-5d8b", "shop", "app",
      QosClass.BURSTABLE);
  static final ContainerRef DB = StoreFixture.container("c47e19f0a2b5", "postgres-0", "shop", "postgres",
      QosClass.GUARANTEED);

  @TempDir Path store;

  @Test
  void why_was_the_checkout_pod_restarted() throws Exception {
    new StoreFixture(store)
        .series("worker-3", CHECKOUT, "memory.working_set_bytes", START, END,
            t -> t < OOM ? 300 * MIB + (t - START) / 1000.0 * 150 * 1024 : 60 * MIB + (t - OOM) / 1000.0 * 150 * 1024)
        .series("worker-3", CHECKOUT, "memory.limit_bytes", START, END, t -> 512 * MIB)
        .series("worker-3", CHECKOUT, "memory.events.oom_kill", START, END, t -> t < OOM ? 0 : 1)
        .series("worker-3", CHECKOUT, "cpu.usage_millicores", START, END,
            t -> Math.abs(t - OOM) < 10_000 ? 900 : 180 + (t / 1000 % 7))
        .series("worker-3", CART, "memory.working_set_bytes", START, END, t -> 220 * MIB + (t / 1000 % 5) * MIB)
        .series("worker-3", CART, "cpu.usage_millicores", START, END, t -> 120 + (t / 1000 % 9))
        .series("worker-3", DB, "memory.working_set_bytes", START, END, t -> 1.6 * 1024 * MIB)
        .series("worker-3", DB, "cpu.usage_millicores", START, END, t -> 350 + (t / 1000 % 13))
        .write("part-0.parquet");
    StringBuilder transcript = new StringBuilder();
    try (QueryServer query = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
            .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
        McpGateway gateway = McpGateway.start(
            McpConfig.builder().port(0).queryServiceUrl("http://127.0.0.1:" + query.port()).build())) {
      McpSyncClient client = McpGatewayITCase.connect(gateway.port());
      try {
        String found = call(client, transcript, "list_containers", Map.of("name", "checkout"));
        assertTrue(found.contains("id=3f1c9a2be4d7"), found);
        String summary = call(client, transcript, "summarize_container",
            Map.of("container", "3f1c9a2be4d7", "from", "-30m"));
        assertTrue(summary.contains("memory.events.oom_kill"), summary);
        String changes = call(client, transcript, "analyze_container", Map.of("container", "3f1c9a2be4d7",
            "metric", "memory.events.oom_kill", "study", "changepoint", "from", "-30m"));
        assertTrue(changes.contains("2026-03-02T14:24:07Z: 0 -> 1"), changes);
        String memory = call(client, transcript, "analyze_container", Map.of("container", "3f1c9a2be4d7",
            "metric", "memory.working_set_bytes", "study", "trend", "from", "-30m", "to", "2026-03-02T14:24:06Z"));
        assertTrue(memory.contains("RISING") && memory.contains("leak score"), memory);
        String top = call(client, transcript, "top_containers", Map.of("metric", "memory.working_set_bytes",
            "stat", "max", "node", "worker-3", "from", "-30m"));
        assertTrue(top.contains("shop/checkout-7f9c/app"), top);
      } finally {
        client.closeGracefully();
      }
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "transcript.md"), transcript.toString());
  }

  static String call(McpSyncClient client, StringBuilder transcript, String tool, Map<String, Object> args) {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    String text = McpGatewayITCase.text(r);
    assertFalse(r.isError(), text);
    transcript.append("**").append(tool).append("** `").append(QueryClientJson.write(args)).append("`\n\n```\n")
        .append(text).append("\n```\n\n");
    return text;
  }

  /** JSON of the arguments, for the transcript. */
  static final class QueryClientJson {
    static String write(Map<String, Object> args) {
      return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(new java.util.TreeMap<>(args));
    }
  }
}
