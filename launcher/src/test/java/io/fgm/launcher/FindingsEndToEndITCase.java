package io.fgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.findings.FindingsSettings;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.PodMetadata;
import io.fgm.schema.PodMetadataCodec;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleCodec;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #7's acceptance through the real pipeline: time-compressed synthetic samples of three containers on two
 * nodes (a memory leak ending in an OOM kill, a periodic CPU pattern, a steady control), with their pod metadata on
 * {@code fgm.pods}, published into the embedded stack's real KRaft broker → Flink MiniCluster streaming studies →
 * findings topic and Parquet tier → query service {@code /api/findings} → MCP gateway {@code find_changes}, called
 * with the MCP SDK's own client over Streamable HTTP.
 *
 * <p>The node agent is not started: the samples are written as the agent would write them (counters in µs,
 * {@code memory.working_set_bytes} = current − inactive_file), 10 minutes of them starting 20 minutes ago, so that
 * the default range of both APIs (the last hour) covers them; afterwards a feeder keeps adding seconds so that event
 * time keeps moving, as a live agent would.
 */
class FindingsEndToEndITCase {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  /** Seconds of history published at once; the feeder continues from here. */
  private static final int HISTORY_S = 600;
  /** The leak ramps 4 MB/s from 200 MB for 200 s toward its 1 GB limit; the OOM killer fires at its end. */
  private static final int RAMP_FROM_S = 340;
  private static final int OOM_AT_S = RAMP_FROM_S + 200; // on a slide boundary: the next window starts with the kill
  private static final double LIMIT_BYTES = 1e9;
  /** The findings window (and slide) of the stack under test: short, so that 10 minutes hold many windows. */
  private static final int WINDOW_S = 120;
  private static final int SLIDE_S = 30;
  private static final double INACTIVE_FILE_BYTES = 24e6;

  record Planted(String node, String containerId, String podUid, String podName, String namespace,
      String containerName) {
    String key() {
      return node + "/" + containerId;
    }
  }

  // Keys node-a/c-leak and node-b/c-control hash to partition 1 of fgm.samples, node-b/c-periodic to partition 0:
  // both partitions carry data, so neither holds the watermark back until it is declared idle.
  static final Planted LEAK =
      new Planted("node-a", "c-leak", "6b0f4a8e-1c2d-4e3f-9a5b-7c8d9e0f1a2b", "leaky-api-7d4f", "shop", "api");
  static final Planted PERIODIC =
      new Planted("node-b", "c-periodic", "7c1a5b9f-2d3e-4f50-8b6c-8d9e0f1a2b3c", "cron-worker-5c2b", "batch",
          "worker");
  static final Planted CONTROL =
      new Planted("node-b", "c-control", "8d2b6c0a-3e4f-4061-9c7d-9e0f1a2b3c4d", "steady-db-0", "shop", "db");

  @Test
  void an_oom_kill_a_leak_and_a_periodic_pattern_reach_find_changes_ranked_and_the_steady_container_stays_quiet(
      @TempDir Path tmp) throws Exception {
    EmbeddedStack.Config cfg = new EmbeddedStack.Config(tmp.resolve("data"), Files.createDirectories(
        tmp.resolve("cgroup")), Files.createDirectories(tmp.resolve("proc")), "unused", 0, 0, 0, 0,
        Duration.ofSeconds(1), false,
        FindingsSettings.defaults().withWindow(Duration.ofSeconds(WINDOW_S), Duration.ofSeconds(SLIDE_S))
            .withPeriodicity(Duration.ofSeconds(60), 0.5));
    // 20 minutes ago, on a slide boundary, so that every run puts the OOM kill at the same place in its windows.
    long slideMs = SLIDE_S * 1000L;
    long t0 = Instant.now().minus(Duration.ofMinutes(20)).toEpochMilli() / slideMs * slideMs;
    Fleet fleet = new Fleet(t0);
    long testStart = System.nanoTime();
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    try (EmbeddedStack stack = EmbeddedStack.start(cfg);
        KafkaProducer<byte[], byte[]> producer = producer(stack.kafkaBootstrapServers())) {
      // Names first: the job joins them from its broadcast state, so they must be there before the samples.
      for (Planted p : List.of(LEAK, PERIODIC, CONTROL)) {
        PodMetadata meta = new PodMetadata(p.podUid(), p.podName(), p.namespace(), p.node(), "Burstable",
            Map.of("app", p.podName()), Map.of(p.containerId(), p.containerName()), t0);
        producer.send(new ProducerRecord<>(PodMetadata.TOPIC, utf8(p.podUid()), PodMetadataCodec.encode(meta)));
      }
      producer.flush();
      awaitPodMetadataInJobState(stack.kafkaBootstrapServers(), 3);

      for (int s = 0; s < HISTORY_S; s++) {
        fleet.publishSecond(producer);
      }
      producer.flush();
      // Event time keeps moving, as with a live agent: one more second every 200 ms, never past a minute ago.
      feeder.scheduleAtFixedRate(() -> {
        if (fleet.nextTimeMs() < System.currentTimeMillis() - 60_000) {
          fleet.publishSecond(producer);
          producer.flush();
        }
      }, 0, 200, TimeUnit.MILLISECONDS);

      String base = "http://127.0.0.1:" + stack.queryPort();
      McpSyncClient client = McpClient.sync(
              HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + stack.mcpPort()).endpoint("/mcp")
                  .build())
          .requestTimeout(Duration.ofSeconds(30))
          .build();
      try {
        client.initialize();
        // Poll find_changes itself until the three planted behaviours are there (or the deadline passes).
        CallToolResult result = awaitFindChanges(client, found ->
            has(found, "OOM_KILL", LEAK) && has(found, "MEMORY_LEAK", LEAK) && has(found, "PERIODIC", PERIODIC));
        List<Map<String, Object>> findings = findings(result);
        String text = text(result);
        assertFalse(Boolean.TRUE.equals(result.isError()), text);

        // The OOM kill is ranked first, at the planted second, with the names joined from fgm.pods.
        Map<String, Object> first = findings.get(0);
        assertEquals("OOM_KILL", first.get("kind"), text);
        assertEquals(LEAK.containerId(), first.get("container_id"), text);
        assertEquals(List.of(LEAK.podName(), LEAK.namespace(), LEAK.containerName(), LEAK.node()),
            List.of(first.get("pod_name"), first.get("namespace"), first.get("container_name"), first.get("node")));
        assertEquals(t0 + OOM_AT_S * 1000L, ((Number) first.get("start_ms")).longValue(), text);
        assertEquals("memory.events.oom_kill", first.get("metric"));
        assertTrue(text.contains("\n1. OOM_KILL shop/leaky-api-7d4f/api (c-leak) on node-a at "
            + Instant.ofEpochMilli(t0 + OOM_AT_S * 1000L) + " "), text);

        // The leak: on the leaking pod's working set, during the ramp, ranked right after the OOM kill.
        // Exactly one: one ramp was planted, and after the kill the working set is flat at 200 MB.
        Map<String, Object> leak = only(findings, "MEMORY_LEAK", LEAK);
        assertEquals("memory.working_set_bytes", leak.get("metric"));
        long leakStart = ((Number) leak.get("start_ms")).longValue();
        // The job dates a leak from the start of the first window that shows it (LeakScore.sinceTimeMs: the window
        // start when there was no reset in it), so the start may precede the ramp by up to one findings window.
        assertTrue(leakStart >= t0 + (RAMP_FROM_S - WINDOW_S) * 1000L && leakStart < t0 + OOM_AT_S * 1000L,
            "leak starts at most a window before the ramp and before the OOM kill: " + leak);
        assertTrue(((Number) leak.get("end_ms")).longValue() <= t0 + OOM_AT_S * 1000L,
            "the OOM kill ends the leak episode: " + leak);
        assertEquals("MEMORY_LEAK", findings.get(1).get("kind"), text);

        // The square wave: its 20 s period, on the periodic pod's CPU.
        Map<String, Object> periodic = only(findings, "PERIODIC", PERIODIC);
        assertEquals("cpu.usage_millicores", periodic.get("metric"));
        assertEquals(List.of(PERIODIC.podName(), PERIODIC.namespace(), PERIODIC.containerName()),
            List.of(periodic.get("pod_name"), periodic.get("namespace"), periodic.get("container_name")));
        double period = ((Number) ((Map<?, ?>) periodic.get("details")).get("period_s")).doubleValue();
        assertEquals(20, period, 1, "period of " + periodic);

        // The steady container: nothing at all, neither in the cluster-wide answer nor when asked about it.
        assertTrue(findings.stream().noneMatch(f -> CONTROL.containerId().equals(f.get("container_id"))), text);
        CallToolResult control = client.callTool(new CallToolRequest("find_changes", Map.of("container",
            CONTROL.podName())));
        assertFalse(Boolean.TRUE.equals(control.isError()), text(control));
        assertEquals(0, ((Number) structured(control).get("total")).intValue(), text(control));
        assertTrue(text(control).startsWith("No changes in 1 h"), text(control));
        assertEquals(false, structured(result).get("truncated"), text);

        // The plain HTTP API agrees with the tool: the same findings in the same order, once the pipeline is quiet.
        feeder.shutdownNow();
        feeder.awaitTermination(10, TimeUnit.SECONDS);
        assertHttpAgreesWithTool(base, client);

        JsonNode leakyOnly = get(base + "/api/findings?container=" + enc(LEAK.podName()));
        List<String> leakyKinds = new ArrayList<>();
        leakyOnly.get("findings").forEach(f -> {
          assertEquals(LEAK.containerId(), f.get("container_id").asString());
          leakyKinds.add(f.get("kind").asString());
        });
        assertEquals("OOM_KILL", leakyKinds.get(0), leakyKinds.toString());
        assertTrue(leakyKinds.contains("MEMORY_LEAK"), leakyKinds.toString());
        assertEquals(0, get(base + "/api/findings?container=" + enc(CONTROL.podName())).get("total").asInt());
      } finally {
        client.closeGracefully();
      }
    } finally {
      feeder.shutdownNow();
      System.out.printf("FindingsEndToEndITCase: %d ms from stack start to the last assertion%n",
          (System.nanoTime() - testStart) / 1_000_000);
    }
  }

  /** Retries until /api/findings answers the same twice in a row (ids and ends), then compares the tool with it. */
  private static void assertHttpAgreesWithTool(String base, McpSyncClient client) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String lastDifference = "";
    while (System.nanoTime() < deadline) {
      List<String> before = idsAndEnds(get(base + "/api/findings?limit=100"));
      CallToolResult tool = client.callTool(new CallToolRequest("find_changes", Map.of("budget", 100)));
      JsonNode http = get(base + "/api/findings?limit=100");
      List<String> after = idsAndEnds(http);
      if (before.equals(after)) {
        List<String> fromTool = findings(tool).stream()
            .map(f -> f.get("finding_id") + "@" + ((Number) f.get("end_ms")).longValue()).toList();
        assertEquals(after, fromTool, "find_changes and /api/findings");
        assertEquals(http.get("total").asInt(), ((Number) structured(tool).get("total")).intValue());
        Map<String, Integer> counts = new LinkedHashMap<>();
        http.get("counts_by_kind").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        Map<String, Integer> toolCounts = new LinkedHashMap<>();
        ((Map<?, ?>) structured(tool).get("counts_by_kind"))
            .forEach((k, v) -> toolCounts.put((String) k, ((Number) v).intValue()));
        assertEquals(counts, toolCounts);
        return;
      }
      lastDifference = before + " then " + after;
      Thread.sleep(1000);
    }
    throw new AssertionError("/api/findings never settled within " + DEADLINE + ": " + lastDifference);
  }

  private static List<String> idsAndEnds(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("findings").forEach(f -> out.add(f.get("finding_id").asString() + "@" + f.get("end_ms").asLong()));
    return out;
  }

  private static CallToolResult awaitFindChanges(McpSyncClient client, Predicate<List<Map<String, Object>>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    CallToolResult last = null;
    while (System.nanoTime() < deadline) {
      last = client.callTool(new CallToolRequest("find_changes", Map.of("budget", 100)));
      if (!Boolean.TRUE.equals(last.isError()) && done.test(findings(last))) {
        return last;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("find_changes did not report the OOM kill, the leak and the periodic pattern within "
        + DEADLINE + "; last answer:\n" + (last == null ? "none" : text(last)));
  }

  private static boolean has(List<Map<String, Object>> findings, String kind, Planted p) {
    return findings.stream().anyMatch(f -> kind.equals(f.get("kind")) && p.podName().equals(f.get("pod_name")));
  }

  private static Map<String, Object> only(List<Map<String, Object>> findings, String kind, Planted p) {
    List<Map<String, Object>> of = findings.stream()
        .filter(f -> kind.equals(f.get("kind")) && p.containerId().equals(f.get("container_id"))).toList();
    assertEquals(1, of.size(), () -> kind + " of " + p.podName() + ": " + of);
    return of.get(0);
  }

  /** Waits until the job's pod metadata source committed this many offsets: committed at a completed checkpoint,
   * that is after the metadata before them reached the broadcast state. */
  private static void awaitPodMetadataInJobState(String bootstrap, long offsets) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (System.nanoTime() < deadline) {
        long committed = admin.listConsumerGroupOffsets("fgm-ingest-pods").partitionsToOffsetAndMetadata().get()
            .entrySet().stream().filter(e -> e.getKey().topic().equals(PodMetadata.TOPIC) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        if (committed >= offsets) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the job did not consume the pod metadata within " + DEADLINE);
  }

  /** The three containers, one second at a time, with their counters carried over (seeded noise). */
  static final class Fleet {
    private final long t0;
    private final Random rnd = new Random(7);
    private int s;
    private double leakCpuUs;
    private double periodicCpuUs;
    private double controlCpuUs;
    private double oomKills;

    Fleet(long t0) {
      this.t0 = t0;
    }

    long nextTimeMs() {
      return t0 + s * 1000L;
    }

    synchronized void publishSecond(KafkaProducer<byte[], byte[]> producer) {
      long t = nextTimeMs();
      // Leak: flat at 200 MB, then +4 MB/s toward the 1 GB limit, OOM-killed at its top; after it, flat again.
      double leakWs = 200e6 + (s >= RAMP_FROM_S && s < OOM_AT_S ? (s - RAMP_FROM_S) * 4e6 : 0) + rnd.nextGaussian() * 2e6;
      if (s == OOM_AT_S) {
        oomKills++;
      }
      leakCpuUs += (150 + rnd.nextGaussian() * 10) * 1000;
      send(producer, sample(t, LEAK, leakCpuUs, leakWs, oomKills));
      // Periodic: CPU in a square wave of period 20 s, 10 s at 800 m then 10 s at 200 m (1 m = 1,000 µs per s).
      periodicCpuUs += ((s % 20 < 10 ? 800 : 200) + rnd.nextGaussian() * 20) * 1000;
      send(producer, sample(t, PERIODIC, periodicCpuUs, 400e6 + rnd.nextGaussian() * 1e6, 0));
      // Control: steady CPU and memory with the same kind of noise.
      controlCpuUs += (300 + rnd.nextGaussian() * 30) * 1000;
      send(producer, sample(t, CONTROL, controlCpuUs, 300e6 + rnd.nextGaussian() * 1e6, 0));
      s++;
    }

    private static ContainerSample sample(long t, Planted p, double cpuUs, double workingSet, double oomKills) {
      ContainerRef ref = ContainerRef.of(p.containerId(), p.podUid(), QosClass.BURSTABLE,
          "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + p.podUid().replace('-', '_')
              + ".slice/cri-containerd-" + p.containerId() + ".scope");
      Map<String, Double> m = new HashMap<>();
      m.put("cpu.usage_us", cpuUs);
      m.put("cpu.user_us", cpuUs * 0.8);
      m.put("cpu.system_us", cpuUs * 0.2);
      m.put("memory.current_bytes", workingSet + INACTIVE_FILE_BYTES);
      m.put("memory.inactive_file_bytes", INACTIVE_FILE_BYTES);
      m.put("memory.working_set_bytes", workingSet);
      m.put("memory.limit_bytes", LIMIT_BYTES);
      m.put("memory.events.oom_kill", oomKills);
      return new ContainerSample(t, p.node(), ref, m);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ContainerSample sample) {
      producer.send(new ProducerRecord<>(EmbeddedStack.SAMPLES_TOPIC, utf8(sample.kafkaKey()),
          SampleCodec.encode(sample)));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> findings(CallToolResult r) {
    return (List<Map<String, Object>>) structured(r).get("findings");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  private static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + " -> " + r.body());
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
