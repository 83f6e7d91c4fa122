package io.fgm.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fgm.flink.testing.FlinkLib;
import io.fgm.flink.testing.FlinkSessionCluster;
import io.fgm.flink.testing.ListeningSockets;
import io.fgm.flink.testing.Samples;
import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerSample;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for running the unchanged job jar on a real standalone Flink session cluster: a JobManager and a
 * TaskManager in their own JVMs ({@link FlinkSessionCluster}, Flink's Maven modules as the distribution's lib/),
 * the jar submitted with Flink's command line to the cluster's REST address ({@code flink run -m}, the remote
 * executor), reading from a real KRaft broker. Unlike {@link JobJarITCase} ({@code run -t local}), the job graph is
 * serialized, shipped through the blob server and deployed to another JVM's task slots.
 */
class FlinkClusterITCase {
  private static final long T0 = Instant.parse("2026-05-06T10:00:00Z").toEpochMilli();
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startTemporary();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void flink_run_on_a_standalone_session_cluster_commits_parquet_while_running_and_cancels(@TempDir Path dir)
      throws Exception {
    String topic = "cluster.samples";
    Samples.createTopics(kafka, 2, topic, io.fgm.schema.Finding.TOPIC);
    Samples.publish(kafka.bootstrapServers(), topic, samples(0, 20));
    Path store = dir.resolve("store");
    List<ProcessHandle> jvms;
    try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("cluster"), 2, Duration.ofSeconds(120))) {
      jvms = cluster.processes();
      for (ProcessHandle jvm : jvms) {
        List<ListeningSockets.Endpoint> listening = ListeningSockets.of(jvm.pid());
        assertFalse(listening.isEmpty(), "no listening socket found for " + jvm.pid());
        assertTrue(listening.stream().allMatch(e -> e.address().isLoopbackAddress()),
            () -> "a Flink JVM listens outside the loopback interface: " + listening);
      }

      String out = flink(cluster, dir, "run", "-m", cluster.restAddress(), "-d", "-p", "2",
          FlinkLib.jobJar().toString(),
          "--bootstrap-servers", kafka.bootstrapServers(),
          "--topic", topic,
          "--starting-offsets", "earliest",
          "--output-path", store.resolve("raw").toUri().toString(),
          "--checkpoint-interval", "1s",
          "--compact-every-checkpoints", "2",
          "--restart-attempts", "0");
      Matcher m = JOB_ID.matcher(out);
      assertTrue(m.find(), () -> "no job id in the output of flink run:\n" + out);
      String jobId = m.group(1);

      // Samples already in the topic are committed, then samples sent while the job runs.
      awaitTrue(() -> millicoreRows(store) == 2 * 19, Duration.ofSeconds(120), cluster,
          () -> "committed millicore rows: " + millicoreRows(store));
      Samples.publish(kafka.bootstrapServers(), topic, samples(20, 40));
      awaitTrue(() -> millicoreRows(store) == 2 * 39, Duration.ofSeconds(60), cluster,
          () -> "committed millicore rows after the second batch: " + millicoreRows(store));

      JsonNode overview = cluster.get("/jobs/overview").path("jobs");
      assertEquals(1, overview.size(), overview::toString);
      assertEquals(jobId, overview.get(0).path("jid").asText());
      assertEquals(IngestJobMain.JOB_NAME, overview.get(0).path("name").asText());
      assertEquals("RUNNING", overview.get(0).path("state").asText());
      List<String> vertices = new ArrayList<>();
      cluster.get("/jobs/" + jobId).path("vertices").forEach(v -> vertices.add(v.path("name").asText()));
      String names = String.join(" | ", vertices);
      for (String op : List.of("Kafka samples: " + topic, "Decode samples", "Per-container rates + pod names",
          "Kafka pod metadata: fgm.pods", "Parquet raw tier", "Streaming studies + events",
          "Findings: " + io.fgm.schema.Finding.TOPIC, "Parquet findings")) {
        assertTrue(names.contains(op), () -> op + " is not among the job's vertices: " + names);
      }

      flink(cluster, dir, "cancel", "-m", cluster.restAddress(), jobId);
      awaitTrue(() -> "CANCELED".equals(state(cluster, jobId)), Duration.ofSeconds(60), cluster,
          () -> "job state after cancel: " + state(cluster, jobId));
      // Nothing was lost or doubled by running on the cluster.
      assertEquals(2 * 39, millicoreRows(store));
    }
    for (ProcessHandle jvm : jvms) {
      assertFalse(jvm.isAlive(), "Flink JVM " + jvm.pid() + " still runs after the cluster was closed");
    }
  }

  private static List<ContainerSample> samples(int fromSecond, int toSecond) {
    List<ContainerSample> out = new ArrayList<>();
    for (int s = fromSecond; s < toSecond; s++) {
      for (String c : List.of("c-1", "c-2")) {
        out.add(Samples.sample(T0 + s * 1000L, "node-k", c,
            Map.of("cpu.usage_us", s * 500_000.0, "memory.working_set_bytes", 1e8)));
      }
    }
    return out;
  }

  private static long millicoreRows(Path store) {
    if (!Files.isDirectory(store.resolve("raw"))) {
      return 0;
    }
    return StoreReader.rows(store.resolve("raw")).stream()
        .filter(r -> r.metric().equals("cpu.usage_millicores"))
        .count();
  }

  private static String state(FlinkSessionCluster cluster, String jobId) {
    try {
      return cluster.get("/jobs/" + jobId).path("state").asText();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** {@code bin/flink <args>}: CliFrontend in its own JVM with the distribution's classpath; returns its output. */
  private static String flink(FlinkSessionCluster cluster, Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(FlinkLib.java(), "-Xmx256m", "-XX:+UseSerialGC"));
    cmd.addAll(FlinkLib.JVM_OPTS);
    cmd.addAll(List.of("-cp", FlinkLib.classpath(), "org.apache.flink.client.cli.CliFrontend"));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("flink-" + args[0] + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("FLINK_CONF_DIR", cluster.confDir().toString());
    Process p = pb.start();
    try {
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(done, () -> "flink " + args[0] + " did not finish in 120 s:\n" + out);
      assertEquals(0, p.exitValue(), () -> "flink " + args[0] + " failed:\n" + out + "\n" + cluster.logTails());
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout, FlinkSessionCluster cluster,
      java.util.function.Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + ": " + what.get() + "\n" + cluster.logTails());
      }
      Thread.sleep(500);
    }
  }
}
