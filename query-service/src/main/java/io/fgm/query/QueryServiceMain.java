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
        + "/api/metrics, /api/timeseries, /api/findings, /openapi.json). Environment: FGM_QUERY_TOKEN, when set, is "
        + "the bearer token required on every endpoint but /api/health; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
        + "(or any source of the AWS SDK's default chain) are the credentials of an s3:// store.")
public final class QueryServiceMain implements Callable<Integer> {
  @Option(names = "--store", defaultValue = "${env:FGM_STORE_URI}",
      description = "The Parquet store: a path, a file:// URI, or s3://bucket/prefix (env FGM_STORE_URI).")
  String store;

  @Option(names = "--s3-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL_S3}",
      description = "Endpoint of the S3-compatible server for an s3:// store (env AWS_ENDPOINT_URL_S3; default: AWS).")
  String s3Endpoint;

  @Option(names = "--s3-path-style", defaultValue = "${env:FGM_S3_PATH_STYLE:-false}", arity = "1",
      description = "Path-style S3 addressing, as MinIO and s3proxy need (env FGM_S3_PATH_STYLE; default: "
          + "${DEFAULT-VALUE}).")
  boolean s3PathStyle;

  @Option(names = "--s3-region", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "S3 signing region (env AWS_REGION; default: ${DEFAULT-VALUE}).")
  String s3Region;

  @Option(names = "--findings-tier", defaultValue = "findings",
      description = "Findings tier directory relative to the store (default: ${DEFAULT-VALUE}).")
  String findingsTier;

  @Option(names = "--kafka-bootstrap", defaultValue = "${env:FGM_KAFKA_BOOTSTRAP}",
      description = "Kafka bootstrap servers: the last minutes of fgm.samples and fgm.findings are tailed into memory "
          + "so answers are seconds behind the cluster (env FGM_KAFKA_BOOTSTRAP; default: none, Parquet only).")
  String kafkaBootstrap;

  @Option(names = "--samples-topic", defaultValue = "fgm.samples",
      description = "The topic the node agents publish samples to (default: ${DEFAULT-VALUE}).")
  String samplesTopic;

  @Option(names = "--tail-window", defaultValue = "PT5M",
      description = "How far back the Kafka tails read and keep, ISO-8601 duration (default: ${DEFAULT-VALUE}).")
  Duration tailWindow;

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

  @Option(names = "--max-percentile-values", defaultValue = "20000000",
      description = "Most values a percentile ranking (sort=<metric>:p50|p95|p99) may hold in memory, 8 bytes each; "
          + "range seconds x containers above it is a 400 (default: ${DEFAULT-VALUE}).")
  long maxPercentileValues;

  @Option(names = "--index-snapshot", defaultValue = "${env:FGM_INDEX_SNAPSHOT}",
      description = "Local file where the metadata index is saved and reloaded at start (env FGM_INDEX_SNAPSHOT; "
          + "default: none, the index is rebuilt from the files at every start).")
  Path indexSnapshot;

  @Override
  public Integer call() throws Exception {
    QueryConfig config = config();
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

  /** The configuration the options and the environment describe. */
  QueryConfig config() {
    if (store == null || store.isBlank()) {
      throw new CommandLine.ParameterException(new CommandLine(new QueryServiceMain()),
          "--store (or env FGM_STORE_URI) is required");
    }
    try {
      return QueryConfig.builder()
            .storeUri(store)
            .s3Endpoint(s3Endpoint == null || s3Endpoint.isBlank() ? null : java.net.URI.create(s3Endpoint.trim()))
            .s3PathStyle(s3PathStyle)
            .s3Region(s3Region)
            .findingsTier(findingsTier)
            .kafkaBootstrap(kafkaBootstrap)
            .samplesTopic(samplesTopic)
            .tailWindow(tailWindow)
            .rawTier(rawTier)
            .rollupTier(rollupTier)
            .host(host)
            .port(port)
            .maxRange(maxRange)
            .maxContainers(maxContainers)
            .maxPoints(maxPoints)
            .maxPercentileValues(maxPercentileValues)
            .indexSnapshot(indexSnapshot)
            .bearerToken(System.getenv("FGM_QUERY_TOKEN"))
            .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(new QueryServiceMain()), e.getMessage());
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryServiceMain()).execute(args));
  }
}
