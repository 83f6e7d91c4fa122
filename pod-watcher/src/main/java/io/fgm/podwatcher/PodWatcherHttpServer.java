package io.fgm.podwatcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /healthz} and {@code /metrics} (Prometheus text format 0.0.4) on the JDK's HTTP server. One watcher runs
 * per cluster, not per node, so the JDK server's idle wake-ups (which the node agent avoids) do not matter here.
 *
 * <p>{@code /healthz} is 200 once the topic exists and every informer has listed its pods, else 503 with what it
 * is waiting for. It is meant for the readiness probe: a watcher waiting for an API server or a broker is not
 * broken, and restarting it would not help.
 */
final class PodWatcherHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final PodWatcherStats stats;

  PodWatcherHttpServer(String bindAddress, int port, PodWatcherStats stats) throws IOException {
    this.stats = stats;
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fgm-pod-watcher-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/healthz", ex -> respond(ex, health()));
    server.createContext("/metrics",
        ex -> respond(ex, new Response(200, "text/plain; version=0.0.4; charset=utf-8", prometheusText(stats))));
    server.createContext("/", ex -> respond(ex, new Response(404, "text/plain", "not found: /healthz or /metrics\n")));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private record Response(int status, String type, String body) {}

  private Response health() {
    if (!stats.topicReady.get()) {
      return new Response(503, "text/plain", "waiting for Kafka (topic not checked yet)\n");
    }
    if (!stats.synced.get()) {
      return new Response(503, "text/plain", "waiting for the Kubernetes API (pods not listed yet)\n");
    }
    return new Response(200, "text/plain", "ok\n");
  }

  private static void respond(HttpExchange ex, Response r) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        r = new Response(405, "text/plain", "GET or HEAD only\n");
      }
      byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", r.type());
      boolean head = method.equals("HEAD");
      ex.sendResponseHeaders(r.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** The watcher's counters in Prometheus text format. */
  static String prometheusText(PodWatcherStats s) {
    StringBuilder b = new StringBuilder(1536);
    metric(b, "counter", "fgm_pod_watcher_pods_published_total", "Pod metadata records delivered to Kafka",
        s.podsPublished.get());
    metric(b, "counter", "fgm_pod_watcher_tombstones_published_total", "Tombstones (deleted pods) delivered",
        s.tombstonesPublished.get());
    metric(b, "counter", "fgm_pod_watcher_unchanged_skipped_total",
        "Pod events not published because no published field changed (resyncs, status churn)",
        s.unchangedSkipped.get());
    b.append("# HELP fgm_pod_watcher_errors_total Errors by kind (all retried or skipped, none fatal)\n"
        + "# TYPE fgm_pod_watcher_errors_total counter\n");
    error(b, "publish", s.publishErrors.get());
    error(b, "kubernetes_api", s.apiErrors.get());
    error(b, "kafka_admin", s.kafkaErrors.get());
    error(b, "invalid_pod", s.invalidPods.get());
    metric(b, "counter", "fgm_pod_watcher_relists_total", "Pod lists after the first (a watch could not resume)",
        s.relists.get());
    metric(b, "gauge", "fgm_pod_watcher_pods", "Pods in the informer caches", s.podsKnown.get());
    metric(b, "gauge", "fgm_pod_watcher_informer_synced",
        "1 once the topic exists and every watched namespace has been listed", s.synced.get() ? 1 : 0);
    return b.toString();
  }

  private static void metric(StringBuilder b, String type, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ')
        .append(type).append('\n').append(name).append(' ').append(v).append('\n');
  }

  private static void error(StringBuilder b, String kind, long v) {
    b.append("fgm_pod_watcher_errors_total{kind=\"").append(kind).append("\"} ").append(v).append('\n');
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
