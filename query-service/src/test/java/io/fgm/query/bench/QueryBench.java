package io.fgm.query.bench;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load benchmark of the query service over loopback HTTP (a main, not a test: it prints numbers and asserts
 * nothing). Builds a 24 h × 100-container raw-tier store once ({@link BenchStore}, reused across runs), starts a
 * {@link QueryServer} on it (the clock pinned to the store's end, so "the last 24 h" is the store), and measures:
 * cold start (server listening; first container listing answered, which waits for the index), then for each
 * workload {@code repeats} rounds of {@code clients} concurrent clients × {@code requests} requests, with
 * p50/p95/p99 per round, and rows scanned per second of process CPU time (server and clients share the JVM, so
 * this understates the server's rate).
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-bench] [clients=4] [requests=25] [repeats=3]}.
 */
public final class QueryBench {
  private static final Pattern ROWS = Pattern.compile("\"rows_read\":(\\d+)");

  private QueryBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, true);
    Path root = spec.ensure(dir);
    System.out.printf("store %s: %,d rows (%,d values), %d cores, %d clients x %d requests x %d repeats%n", root,
        spec.rows(), spec.values(),
        Runtime.getRuntime().availableProcessors(), clients, requests, repeats);

    Path snapshot = dir.resolve(spec.dirName() + ".index");
    Files.deleteIfExists(snapshot);
    QueryConfig config = QueryConfig.builder().storePath(root).port(0).indexSnapshot(snapshot)
        .clock(Clock.fixed(Instant.ofEpochMilli(spec.endMs()), ZoneOffset.UTC)).build();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (QueryServer server = coldStart(config, http, "without an index snapshot")) {
      // closing saves the snapshot the next start reads
    }
    try (QueryServer server = coldStart(config, http, "from the index snapshot")) {
      String base = "http://127.0.0.1:" + server.port();

      long from = spec.startMs();
      long to = spec.endMs();
      run(http, "container listing (24 h, 100 containers)", clients, requests, repeats,
          r -> base + "/api/containers?limit=500&from=" + from + "&to=" + to);
      run(http, "timeseries 10 containers x 1 h at 1 s", clients, requests, repeats, r -> {
        long hour = from + r.nextInt(24) * 3_600_000L;
        return base + "/api/timeseries?metric=" + BenchStore.METRICS.get(r.nextInt(BenchStore.METRICS.size()))
            + "&containers=" + ids(r, 10, spec.containers()) + "&from=" + hour + "&to=" + (hour + 3_599_000L)
            + "&points=10000";
      });
      run(http, "timeseries 5 containers x 24 h to <= 2000 points", clients, requests, repeats,
          r -> base + "/api/timeseries?metric=" + BenchStore.METRICS.get(0) + "&containers="
              + ids(r, 5, spec.containers()) + "&from=" + from + "&to=" + to + "&points=2000");
    }
  }

  /** Starts a server and waits for its first container listing over the whole store, printing both times. */
  private static QueryServer coldStart(QueryConfig config, HttpClient http, String how) throws Exception {
    long t0 = System.nanoTime();
    QueryServer server = QueryServer.start(config);
    double listening = ms(t0);
    get(http, "http://127.0.0.1:" + server.port() + "/api/containers?limit=500");
    System.out.printf("cold start %s: listening after %.0f ms; first /api/containers (24 h) after %.0f ms, "
        + "%d files summarized%n", how, listening, ms(t0), server.service().index().summarizedFiles());
    return server;
  }

  static void run(HttpClient http, String name, int clients, int requests, int repeats,
      Function<Random, String> url) throws Exception {
    System.out.printf("%n%s%n", name);
    ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
      Thread t = new Thread(r, "bench-client");
      t.setDaemon(true); // a failed request must not leave the JVM running
      return t;
    });
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int rep = 0; rep < repeats; rep++) {
      AtomicLong rows = new AtomicLong();
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      List<Future<double[]>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Random r = new Random(1000L * rep + c); // seeded: every run asks the same questions
        results.add(pool.submit(() -> {
          double[] lat = new double[requests];
          for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            String body = get(http, url.apply(r));
            lat[i] = ms(t);
            Matcher m = ROWS.matcher(body);
            if (m.find()) {
              rows.addAndGet(Long.parseLong(m.group(1)));
            }
          }
          return lat;
        }));
      }
      double[] all = new double[0];
      for (Future<double[]> f : results) {
        double[] l = f.get();
        int n = all.length;
        all = Arrays.copyOf(all, n + l.length);
        System.arraycopy(l, 0, all, n, l.length);
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      Arrays.sort(all);
      System.out.printf("  round %d: n=%d p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %6.1f req/s"
              + "%s%n", rep + 1, all.length, pct(all, 50), pct(all, 95), pct(all, 99), all[all.length - 1],
          all.length / wall, rows.get() == 0 ? ""
              : String.format("  rows %,d = %,.0f rows/s per CPU-second", rows.get(), rows.get() / cpu));
    }
    pool.shutdown();
  }

  static String ids(Random r, int n, int containers) {
    List<String> out = new ArrayList<>();
    while (out.size() < n) {
      String id = BenchStore.containerId(r.nextInt(containers));
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return String.join(",", out);
  }

  private static String get(HttpClient http, String url) throws IOException, InterruptedException {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException(res.statusCode() + " for " + url + ": " + res.body());
    }
    return res.body();
  }

  private static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }
}
