package io.fgm.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: runs the query service until interrupted ({@code ./fgm query --store DIR}). */
@Command(
    name = "fgm query",
    mixinStandardHelpOptions = true,
    description = "Cluster-wide HTTP API over the fgm Parquet store (GET /api/health, /api/nodes, /api/containers, "
        + "/api/metrics, /api/timeseries, /openapi.json). Environment: FGM_QUERY_TOKEN, when set, is the bearer "
        + "token required on every endpoint but /api/health.")
public final class QueryServiceMain implements Callable<Integer> {
  @Option(names = "--store", required = true, description = "Base directory of the Parquet store.")
  Path store;

  @Option(names = "--raw-tier", description = "Raw tier directory relative to the store (default: raw/ if present, "
      + "else the store itself).")
  String rawTier;

  @Option(names = "--rollup-tier", defaultValue = "rollup_1m",
      description = "Rollup tier directory relative to the store (default: ${DEFAULT-VALUE}).")
  String rollupTier;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8050", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--max-range", defaultValue = "P7D",
      description = "Longest time range per request, ISO-8601 duration (default: ${DEFAULT-VALUE}).")
  Duration maxRange;

  @Option(names = "--max-containers", defaultValue = "50",
      description = "Most containers per time-series request (default: ${DEFAULT-VALUE}).")
  int maxContainers;

  @Option(names = "--max-points", defaultValue = "10000",
      description = "Most points per series; longer series are downsampled (default: ${DEFAULT-VALUE}).")
  int maxPoints;

  @Override
  public Integer call() throws Exception {
    QueryConfig config =
        QueryConfig.builder()
            .storePath(store)
            .rawTier(rawTier)
            .rollupTier(rollupTier)
            .host(host)
            .port(port)
            .maxRange(maxRange)
            .maxContainers(maxContainers)
            .maxPoints(maxPoints)
            .bearerToken(System.getenv("FGM_QUERY_TOKEN"))
            .build();
    QueryServer server = QueryServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    // the hook stops the server itself: on Ctrl-C the JVM does not wait for main to run a finally block
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "fgm-query-shutdown"));
    System.out.println("fgm query service on http://" + host + ":" + server.port() + "/api/health");
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryServiceMain()).execute(args));
  }
}
