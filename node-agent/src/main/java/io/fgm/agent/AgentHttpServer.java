package io.fgm.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fgm.agent.sample.AgentStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executors;

/**
 * {@code /healthz} and {@code /metrics} (Prometheus text format 0.0.4) on the JDK's built-in HTTP server: two
 * tiny endpoints do not justify a web framework on every node, and this one adds no jar and ~1 thread.
 *
 * <p>/healthz is 200 while a pass finished within the last 3 periods, else 503 with the reason.
 */
public final class AgentHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final AgentStats stats;
  private final Clock clock;
  private final long periodMs;

  public AgentHttpServer(String bindAddress, int port, AgentStats stats, Clock clock, long periodMs)
      throws IOException {
    this.stats = stats;
    this.clock = clock;
    this.periodMs = periodMs;
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    server.createContext("/healthz", this::health);
    server.createContext("/metrics", this::metrics);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fgm-agent-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange ex) throws IOException {
    long last = stats.lastPassEndMs.get();
    long age = clock.millis() - last;
    if (last > 0 && age <= 3 * periodMs) {
      send(ex, 200, "text/plain", "ok\n");
    } else {
      send(ex, 503, "text/plain",
          last == 0 ? "no sampling pass yet\n" : "last sampling pass " + age + " ms ago\n");
    }
  }

  private void metrics(HttpExchange ex) throws IOException {
    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", prometheusText(stats));
  }

  /** The agent's counters in Prometheus text format. */
  static String prometheusText(AgentStats s) {
    StringBuilder b = new StringBuilder(2048);
    counter(b, "fgm_agent_ticks_total", "Sampling ticks run", s.ticks.get());
    counter(b, "fgm_agent_ticks_missed_total", "Ticks skipped because a pass overran (never back-filled)",
        s.ticksMissed.get());
    gauge(b, "fgm_agent_tick_lag_seconds", "How late the last tick started after its second",
        s.lastTickLagMs.get() / 1000.0);
    gauge(b, "fgm_agent_pass_duration_seconds", "Duration of the last sampling pass",
        s.lastPassMicros.get() / 1e6);
    gauge(b, "fgm_agent_containers", "Containers seen in the last pass", s.containers.get());
    gauge(b, "fgm_agent_held_files", "cgroup files held open for positioned reads", s.heldFiles.get());
    b.append("# HELP fgm_agent_samples_total Samples by outcome\n# TYPE fgm_agent_samples_total counter\n");
    sample(b, "produced", s.samplesProduced.get());
    sample(b, "sent", s.samplesSent.get());
    sample(b, "spilled", s.samplesSpilled.get());
    sample(b, "replayed", s.samplesReplayed.get());
    sample(b, "dropped", s.samplesDropped.get());
    gauge(b, "fgm_agent_spill_queue_samples", "Samples waiting in the on-disk spill queue",
        s.spillQueueSamples.get());
    counter(b, "fgm_agent_send_errors_total", "Kafka sends that failed", s.sendErrors.get());
    counter(b, "fgm_agent_parse_errors_total", "Problems found parsing kernel files", s.parseErrors.get());
    counter(b, "fgm_agent_pass_errors_total", "Sampling passes that failed", s.passErrors.get());
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
        .append(" counter\n").append(name).append(' ').append(v).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, double v) {
    b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
        .append(" gauge\n").append(name).append(' ');
    if (v == Math.rint(v)) {
      b.append((long) v);
    } else {
      b.append(v);
    }
    b.append('\n');
  }

  private static void sample(StringBuilder b, String outcome, long v) {
    b.append("fgm_agent_samples_total{outcome=\"").append(outcome).append("\"} ").append(v).append('\n');
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
