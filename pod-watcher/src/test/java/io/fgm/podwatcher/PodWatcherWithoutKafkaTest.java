package io.fgm.podwatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Tests for {@link PodWatcher} when Kafka cannot be reached: it retries, reports not ready, and stops cleanly. */
class PodWatcherWithoutKafkaTest {

  @Test
  void an_unreachable_broker_is_retried_and_healthz_says_what_it_waits_for() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (PodWatcher w = PodWatcher.builder().bootstrapServers("127.0.0.1:" + closedPort).topicTimeoutMs(300)
        .httpPort(0).build().start()) {
      Await.until("a first attempt has failed", () -> w.stats().kafkaErrors.get() >= 1);
      assertFalse(w.stats().topicReady.get());
      HttpGet.Response health = HttpGet.get(w.httpPort(), "/healthz");
      assertEquals(503, health.status());
      assertTrue(health.body().contains("waiting for Kafka"), health.body());
      String metrics = HttpGet.get(w.httpPort(), "/metrics").body();
      assertTrue(metrics.contains("fgm_pod_watcher_informer_synced 0"), metrics);
      assertTrue(metrics.contains("fgm_pod_watcher_errors_total{kind=\"kafka_admin\"} "), metrics);
      assertEquals(404, HttpGet.get(w.httpPort(), "/nope").status());
    }
  }
}
