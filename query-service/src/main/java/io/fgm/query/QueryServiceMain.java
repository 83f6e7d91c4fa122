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
  @Option(names = "--store", defaultValue = "${env:FGM_STORE_URI}",
      description = "Base directory of the Parquet store: a path or a file:// URI (env FGM_STORE_URI).")
  String store;

  @Option(names = "--raw-tier", description = "Raw tier directory relative to the store (default: raw/ if present, "
      + "else the store itself).")
  String rawTier;

  @Option(names = "--rollup-tier", defaultValue = "rollup_1m",
      description = "Rollup tier directory relative to the store (default: ${DEFAULT-VALUE}).")
  String rollupTier;

  @Option(names = "--host", defaultValue = "${env:FGM_HTTP_HOST:-127.0.0.1}",
      description = "Address to bind (env FGM_HTTP_HOST; default: 127.0.0.1).")
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

  @Option(names = "--index-snapshot", defaultValue = "${env:FGM_INDEX_SNAPSHOT}",
      description = "Local file where the metadata index is saved and reloaded at start (env FGM_INDEX_SNAPSHOT; "
          + "default: none, the index is rebuilt from the files at every start).")
  Path indexSnapshot;

  @Override
  public Integer call() throws Exception {
    QueryConfig config =
        QueryConfig.builder()
            .storePath(storePath(store))
            .rawTier(rawTier)
            .rollupTier(rollupTier)
            .host(host)
            .port(port)
            .maxRange(maxRange)
            .maxContainers(maxContainers)
            .maxPoints(maxPoints)
            .indexSnapshot(indexSnapshot)
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

  /** A local path or {@code file://} URI; {@code s3://} stores are not readable yet and say so. */
  static Path storePath(String store) {
    if (store == null || store.isBlank()) {
      throw new CommandLine.ParameterException(new CommandLine(new QueryServiceMain()),
          "--store (or env FGM_STORE_URI) is required");
    }
    if (store.startsWith("file:")) {
      return Path.of(java.net.URI.create(store));
    }
    if (store.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new CommandLine.ParameterException(new CommandLine(new QueryServiceMain()),
          "--store " + store + ": only local paths and file:// URIs are supported so far (S3 is not implemented)");
    }
    return Path.of(store);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryServiceMain()).execute(args));
  }
}
