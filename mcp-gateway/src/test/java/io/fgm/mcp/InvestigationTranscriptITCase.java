package io.fgm.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.mcp.fixture.FindingsFixture;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.FindingKind;
import io.fgm.schema.QosClass;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A realistic investigation ("why was the checkout pod restarted?") made of real tool calls over a store with a
 * planted memory leak that ends in an OOM kill and a restart (a new container id for the same pod), plus the
 * findings the Flink job would have written about it and about unrelated pods. Checks that the answers point at the
 * leak and writes the transcript to {@code target/transcript.md} (the README's transcript is a copy).
 */
class InvestigationTranscriptITCase {
  static final long START = Instant.parse("2026-03-02T14:00:00Z").toEpochMilli();
  static final long END = START + 30 * 60_000;
  static final long OOM = START + 1_447_000; // 300 MiB + 150 KiB/s reaches the 512 MiB limit here
  static final long RESTARTED = OOM + 2_000;
  static final double MIB = 1024 * 1024;
  static final String OLD_ID = "3f1c9a2be4d7";
  static final String NEW_ID = "9b7e5d3c1a08";
  static final ContainerRef CHECKOUT = new ContainerRef(OLD_ID, "uid-checkout-7f9c", QosClass.BURSTABLE,
      "/kubepods/" + OLD_ID, false, "checkout-7f9c", "shop", "app");
  static final ContainerRef CHECKOUT_AGAIN = new ContainerRef(NEW_ID, "uid-checkout-7f9c", QosClass.BURSTABLE,
      "/kubepods/" + NEW_ID, false, "checkout-7f9c", "shop", "app");
  static final ContainerRef CART = StoreFixture.container("8a2d4c6e0b13", "cart-5d8b", "shop", "app",
      QosClass.BURSTABLE);
  static final ContainerRef DB = StoreFixture.container("c47e19f0a2b5", "postgres-0", "shop", "postgres",
      QosClass.GUARANTEED);

  @TempDir Path store;

  @Test
  void why_was_the_checkout_pod_restarted() throws Exception {
    writeStore();
    StringBuilder transcript = new StringBuilder();
    try (QueryServer query = QueryServer.start(QueryConfig.builder().storePath(store).port(0)
            .clock(Clock.fixed(Instant.ofEpochMilli(END), ZoneOffset.UTC)).build());
        McpGateway gateway = McpGateway.start(
            McpConfig.builder().port(0).queryServiceUrl("http://127.0.0.1:" + query.port()).build())) {
      McpSyncClient client = McpGatewayITCase.connect(gateway.port());
      try {
        String changes = call(client, transcript, "find_changes", Map.of("namespace", "shop"));
        assertTrue(changes.contains("\n1. OOM_KILL shop/checkout-7f9c/app (" + OLD_ID + ")"), changes);
        assertTrue(changes.contains("RESTART shop/checkout-7f9c/app (" + NEW_ID + ")"), changes);
        String summary = call(client, transcript, "summarize_container", Map.of("container", OLD_ID));
        assertTrue(summary.contains("memory.working_set_bytes") && summary.contains("RISING"), summary);
        assertTrue(summary.contains("memory.events.oom_kill"), summary);
        String again = call(client, transcript, "summarize_container", Map.of("container", NEW_ID,
            "metrics", List.of("memory.working_set_bytes")));
        assertTrue(again.contains("RISING") && again.contains("leak score"), again);
        String top = call(client, transcript, "top_containers", Map.of("metric", "memory.working_set_bytes",
            "stat", "max", "node", "worker-3", "from", "-30m"));
        assertTrue(top.contains("shop/checkout-7f9c/app"), top);
        String both = call(client, transcript, "compare_containers", Map.of("containers", List.of(OLD_ID, NEW_ID),
            "metric", "memory.working_set_bytes"));
        assertTrue(both.contains(OLD_ID) && both.contains(NEW_ID), both);
      } finally {
        client.closeGracefully();
      }
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "transcript.md"), transcript.toString());
  }

  /** Metrics of the four containers on worker-3, and the findings the streaming studies reported about them. */
  private void writeStore() {
    new StoreFixture(store)
        .series("worker-3", CHECKOUT, "memory.working_set_bytes", START, OOM + 1000,
            t -> Math.min(512 * MIB, 300 * MIB + (t - START) / 1000.0 * 150 * 1024 + jitter(t)))
        .series("worker-3", CHECKOUT, "memory.limit_bytes", START, OOM + 1000, t -> 512 * MIB)
        .series("worker-3", CHECKOUT, "memory.events.oom_kill", START, OOM + 1000, t -> t < OOM ? 0 : 1)
        .series("worker-3", CHECKOUT, "cpu.usage_millicores", START, OOM + 1000,
            t -> OOM - t < 10_000 ? 900 : 180 + (t / 1000 % 7))
        .series("worker-3", CHECKOUT_AGAIN, "memory.working_set_bytes", RESTARTED, END,
            t -> 60 * MIB + (t - RESTARTED) / 1000.0 * 150 * 1024 + jitter(t))
        .series("worker-3", CHECKOUT_AGAIN, "memory.limit_bytes", RESTARTED, END, t -> 512 * MIB)
        .series("worker-3", CHECKOUT_AGAIN, "memory.events.oom_kill", RESTARTED, END, t -> 0)
        .series("worker-3", CHECKOUT_AGAIN, "cpu.usage_millicores", RESTARTED, END, t -> 180 + (t / 1000 % 7))
        .series("worker-3", CART, "memory.working_set_bytes", START, END, t -> 220 * MIB + (t / 1000 % 5) * MIB)
        .series("worker-3", CART, "cpu.usage_millicores", START, END, t -> (t / 1000) % 60 < 5 ? 600 : 120)
        .series("worker-3", DB, "memory.working_set_bytes", START, END, t -> 1.6 * 1024 * MIB)
        .series("worker-3", DB, "cpu.usage_millicores", START, END, t -> 350 + (t / 1000 % 13))
        .write("part-0.parquet");
    String[] checkout = {"checkout-7f9c", "shop", "app"};
    new FindingsFixture(store)
        .add(FindingsFixture.finding(FindingKind.OOM_KILL, "worker-3", OLD_ID, checkout, "memory.events.oom_kill",
            OOM, OOM, 1.0, 1, "OOM killer killed 1 process; working set 512 MiB at its 512 MiB limit",
            Map.of("oom_kills", 1.0, "limit_bytes", 512 * MIB)))
        .add(FindingsFixture.finding(FindingKind.MEMORY_LEAK, "worker-3", OLD_ID, checkout,
            "memory.working_set_bytes", START + 300_000, OOM - 1000, 0.97, 153_600,
            "working set rising 150 KiB/s (Mann-Kendall p<0.001) toward its 512 MiB limit",
            Map.of("slope_per_s", 153_600.0, "limit_bytes", 512 * MIB, "time_to_limit_s", 0.0)))
        .add(FindingsFixture.finding(FindingKind.RESTART, "worker-3", NEW_ID, checkout, "cpu.usage_millicores",
            RESTARTED, RESTARTED, 0.9, 1, "new container " + NEW_ID + " for shop/checkout-7f9c/app, replacing "
                + OLD_ID, Map.of()))
        .add(FindingsFixture.finding(FindingKind.MEMORY_LEAK, "worker-3", NEW_ID, checkout,
            "memory.working_set_bytes", RESTARTED + 120_000, END - 5_000, 0.71, 153_600,
            "working set rising 150 KiB/s again since the restart; 512 MiB limit in about 49 min",
            Map.of("slope_per_s", 153_600.0, "limit_bytes", 512 * MIB, "time_to_limit_s", 2_940.0)))
        .add(FindingsFixture.finding(FindingKind.PERIODIC, "worker-3", "8a2d4c6e0b13",
            new String[] {"cart-5d8b", "shop", "app"}, "cpu.usage_millicores", START + 600_000, END - 5_000, 0.62,
            480, "cpu.usage_millicores repeats every 60 s (amplitude 480 m)", Map.of("period_s", 60.0,
                "acf_peak", 0.62)))
        .write("part-0.parquet");
  }

  /** Allocation noise of a real working set: a few MiB either way, deterministic per second. */
  static double jitter(long t) {
    return new java.util.Random(t).nextGaussian() * 2 * MIB;
  }

  static String call(McpSyncClient client, StringBuilder transcript, String tool, Map<String, Object> args) {
    CallToolResult r = client.callTool(new CallToolRequest(tool, args));
    String text = McpGatewayITCase.text(r);
    assertFalse(r.isError(), text);
    transcript.append("**").append(tool).append("** `")
        .append(JsonMapper.builder().build().writeValueAsString(new TreeMap<>(args))).append("`\n\n```\n")
        .append(text).append("\n```\n\n");
    return text;
  }
}
