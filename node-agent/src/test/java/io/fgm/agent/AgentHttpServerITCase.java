package io.fgm.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.agent.publish.InMemorySamplePublisher;
import io.fgm.testkit.cgroup.FakeCgroupFs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link AgentHttpServer}: real HTTP on a free loopback port. */
class AgentHttpServerITCase {
  @TempDir Path dir;

  @Test
  void healthz_turns_ok_after_the_first_pass_and_metrics_speak_prometheus_text() throws Exception {
    FakeCgroupFs.v2(dir);
    InMemorySamplePublisher pub = new InMemorySamplePublisher();
    try (NodeAgent a = NodeAgent.builder().cgroupRoot(dir).nodeName("n").publisher(pub).httpPort(0).build()) {
      a.start();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + a.httpPort();
      HttpResponse<String> early = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (early.statusCode() == 503) {
        assertTrue(early.body().contains("no sampling pass yet"), early.body());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (a.stats().ticks.get() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(100);
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, m.statusCode());
      assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
      assertTrue(m.body().contains("# TYPE fgm_agent_ticks_total counter"), m.body());
      assertTrue(m.body().contains("fgm_agent_samples_total{outcome=\"spilled\"} 0"), m.body());
      assertTrue(m.body().matches("(?s).*\\nfgm_agent_ticks_total [1-9].*"), m.body());
    }
  }
}
