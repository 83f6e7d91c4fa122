package io.fgm.agent;

import io.fgm.agent.sample.AgentStats;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz} and {@code /metrics} (Prometheus text format 0.0.4) over a minimal HTTP/1.1 server: one daemon
 * thread blocked in {@code accept()}, one request per connection ({@code Connection: close}).
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: its dispatcher thread wakes every second from a
 * {@code select(1000)}, plus an idle-timeout timer thread, even when nobody asks. On this project's machine a
 * thread wake-up costs ~0.2 ms of CPU; an agent that must stay under 0.5 % of a core cannot afford wake-ups nobody
 * asked for. Blocked in {@code accept()}, this thread runs only for the kubelet's probes and the scrapes.
 *
 * <p>Requests are served one at a time; a client that stalls is cut off after 2 s ({@code SO_TIMEOUT}), request
 * heads beyond 8 KiB are rejected, methods other than GET/HEAD get 405, other paths 404.
 *
 * <p>/healthz is 200 while a pass finished within the last 3 periods, else 503 with the reason.
 */
public final class AgentHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentHttpServer.class);
  private static final int MAX_HEAD = 8192;
  private static final int CLIENT_TIMEOUT_MS = 2000;

  private final ServerSocket server;
  private final AgentStats stats;
  private final Clock clock;
  private final long periodMs;
  private final Thread thread;
  private volatile boolean closed;

  public AgentHttpServer(String bindAddress, int port, AgentStats stats, Clock clock, long periodMs)
      throws IOException {
    this.stats = stats;
    this.clock = clock;
    this.periodMs = periodMs;
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(bindAddress, port), 16);
    thread = new Thread(this::serve, "fgm-agent-http");
    thread.setDaemon(true);
    thread.start();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!closed) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(CLIENT_TIMEOUT_MS);
        handle(new BufferedInputStream(s.getInputStream(), 1024), s.getOutputStream());
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.debug("HTTP request failed: {}", e.toString());
        }
      }
    }
  }

  private void handle(InputStream in, OutputStream out) throws IOException {
    String head = readHead(in);
    if (head == null) {
      send(out, 400, "text/plain", "bad request\n", false);
      return;
    }
    String[] requestLine = head.substring(0, head.indexOf('\r')).split(" ");
    boolean headOnly = requestLine[0].equals("HEAD");
    if (requestLine.length != 3 || !(headOnly || requestLine[0].equals("GET"))) {
      send(out, 405, "text/plain", "GET or HEAD only\n", false);
      return;
    }
    String path = requestLine[1];
    int q = path.indexOf('?');
    switch (q < 0 ? path : path.substring(0, q)) {
      case "/healthz" -> health(out, headOnly);
      case "/metrics" -> send(out, 200, "text/plain; version=0.0.4; charset=utf-8", prometheusText(stats), headOnly);
      default -> send(out, 404, "text/plain", "not found: /healthz or /metrics\n", headOnly);
    }
  }

  /** The request line and headers up to the blank line, or null when malformed or too long. */
  private static String readHead(InputStream in) throws IOException {
    byte[] b = new byte[MAX_HEAD];
    int n = 0;
    while (n < b.length) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b[n++] = (byte) c;
      if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private void health(OutputStream out, boolean headOnly) throws IOException {
    long last = stats.lastPassEndMs.get();
    long age = clock.millis() - last;
    if (last > 0 && age <= 3 * periodMs) {
      send(out, 200, "text/plain", "ok\n", headOnly);
    } else {
      send(out, 503, "text/plain",
          last == 0 ? "no sampling pass yet\n" : "last sampling pass " + age + " ms ago\n", headOnly);
    }
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
    b.append("# HELP fgm_agent_discoveries_total Full cgroup tree listings by trigger (incremental: every tick)\n"
        + "# TYPE fgm_agent_discoveries_total counter\n");
    b.append("fgm_agent_discoveries_total{trigger=\"period\"} ").append(s.discoveriesFull.get()).append('\n');
    b.append("fgm_agent_discoveries_total{trigger=\"vanished\"} ").append(s.discoveriesOnVanish.get()).append('\n');
    counter(b, "fgm_agent_proc_cgroup_scans_total",
        "Scans of PROC/PID/cgroup mapping processes to containers for PSS (cgroup.procs could not name them)",
        s.procScans.get());
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

  private static void send(OutputStream out, int status, String type, String body, boolean headOnly)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String reason = switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      default -> "Service Unavailable";
    };
    String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + type + "\r\nContent-Length: "
        + bytes.length + "\r\nConnection: close\r\n\r\n";
    BufferedOutputStream o = new BufferedOutputStream(out, 4096);
    o.write(head.getBytes(StandardCharsets.ISO_8859_1));
    if (!headOnly) {
      o.write(bytes);
    }
    o.flush();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close(); // unblocks accept()
    } catch (IOException e) {
      // closing a listening socket has nothing to report
    }
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
