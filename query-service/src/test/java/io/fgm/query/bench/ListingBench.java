package io.fgm.query.bench;

import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Only the container-listing workload of {@link QueryBench} (same store, same server set-up from the index snapshot,
 * same clients and percentiles), for quick A/B runs of two builds interleaved in one time window (a main, not a
 * test). It uses only API that older builds have, so its class can run against them.
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-bench] [clients=4] [requests=50] [repeats=5]}.
 */
public final class ListingBench {
  private ListingBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, true);
    Path root = spec.ensure(dir);
    Path snapshot = dir.resolve(spec.dirName() + ".index");
    if (!Files.exists(snapshot)) {
      System.out.println("no index snapshot yet: the first listing summarizes every file");
    }
    QueryConfig config = QueryConfig.builder().storePath(root).port(0).indexSnapshot(snapshot)
        .clock(Clock.fixed(Instant.ofEpochMilli(spec.endMs()), ZoneOffset.UTC)).build();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (QueryServer server = QueryServer.start(config)) {
      String base = "http://127.0.0.1:" + server.port();
      long from = spec.startMs();
      long to = spec.endMs();
      QueryBench.run(http, "container listing (24 h, 100 containers)", clients, requests, repeats,
          r -> base + "/api/containers?limit=500&from=" + from + "&to=" + to);
    }
  }
}
