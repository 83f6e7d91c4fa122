package io.fgm.launcher;

import io.fgm.agent.NodeAgent;
import io.fgm.flink.IngestJob;
import io.fgm.flink.IngestJobConfig;
import io.fgm.flink.findings.FindingsSettings;
import io.fgm.mcp.McpConfig;
import io.fgm.mcp.McpGateway;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryServer;
import io.fgm.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole fgm pipeline in one JVM, for a laptop and for end-to-end tests: a real KRaft broker, a Flink
 * MiniCluster running the ingest job (web console included), the node agent, the query service and the MCP
 * gateway. Components start in data-flow order and stop in reverse order; {@link #close()} is idempotent.
 *
 * <p>Layout of {@link Config#dataDir()}: {@code kafka/} (broker log), {@code store/raw/}, {@code store/rollup_1m/} and {@code store/findings/}
 * (the Parquet tiers the query service reads), {@code checkpoints/} (Flink).
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  public static final String SAMPLES_TOPIC = "fgm.samples";
  public static final String DEAD_LETTER_TOPIC = "fgm.samples.dlq";
  public static final String FINDINGS_TOPIC = io.fgm.schema.Finding.TOPIC;

  public static final String PODS_TOPIC = io.fgm.schema.PodMetadata.TOPIC;

  /**
   * What to start and where. Ports of 0 mean "any free port" (tests).
   *
   * @param findings the streaming studies' settings (window, slide, thresholds: flink-jobs/README.md, "Findings");
   *     null = the job's defaults (10-minute window, 1-minute slide). Tests shorten the window to see findings sooner.
   */
  public record Config(
      Path dataDir,
      Path cgroupRoot,
      Path procRoot,
      String nodeName,
      int kafkaPort,
      int flinkUiPort,
      int queryPort,
      int mcpPort,
      Duration checkpointInterval,
      boolean startAgent,
      FindingsSettings findings) {

    /** With the job's default findings settings. */
    public Config(Path dataDir, Path cgroupRoot, Path procRoot, String nodeName, int kafkaPort, int flinkUiPort,
        int queryPort, int mcpPort, Duration checkpointInterval, boolean startAgent) {
      this(dataDir, cgroupRoot, procRoot, nodeName, kafkaPort, flinkUiPort, queryPort, mcpPort, checkpointInterval,
          startAgent, null);
    }
  }

  private final Config config;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private EmbeddedKafkaBroker broker;
  private JobClient ingestJob;
  private QueryServer query;
  private McpGateway mcp;
  private boolean closed;

  private EmbeddedStack(Config config) {
    this.config = config;
  }

  public static EmbeddedStack start(Config config) throws Exception {
    EmbeddedStack stack = new EmbeddedStack(config);
    try {
      stack.startAll();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path data = config.dataDir();
    Files.createDirectories(data);
    long t0 = System.nanoTime();

    broker = EmbeddedKafkaBroker.create(data.resolve("kafka"), config.kafkaPort()).start();
    started.push(broker);
    broker.createTopics(2, SAMPLES_TOPIC, DEAD_LETTER_TOPIC, FINDINGS_TOPIC);
    // The pod metadata topic exists before the job starts, so names a pod watcher (or a test) publishes are joined
    // from the first sample instead of after the job's next topic discovery (every 30 s).
    createCompactedTopic(PODS_TOPIC);
    LOG.info("Kafka ready at {} ({} ms)", broker.bootstrapServers(), ms(t0));

    ingestJob = startIngestJob(data);
    started.push(() -> ingestJob.cancel().get());
    LOG.info("Flink ingest job {} running, console on http://127.0.0.1:{} ({} ms)", ingestJob.getJobID(),
        config.flinkUiPort(), ms(t0));

    // the Kafka tails: samples and findings seconds after they are published, not a checkpoint later
    query = QueryServer.start(QueryConfig.builder().storePath(storeDir()).port(config.queryPort())
        .kafkaBootstrap(broker.bootstrapServers()).build());
    started.push(query);
    mcp =
        McpGateway.start(
            McpConfig.builder().port(config.mcpPort()).queryServiceUrl("http://127.0.0.1:" + query.port()).build());
    started.push(mcp);

    if (config.startAgent()) {
      NodeAgent agent =
          NodeAgent.builder()
              .cgroupRoot(config.cgroupRoot())
              .procRoot(config.procRoot())
              .nodeName(config.nodeName())
              .bootstrapServers(broker.bootstrapServers())
              .topic(SAMPLES_TOPIC)
              .build();
      agent.start();
      started.push(agent);
    }
    LOG.info("fgm stack up in {} ms", ms(t0));
  }

  private JobClient startIngestJob(Path data) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, config.flinkUiPort());
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, data.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    IngestJob.define(
        env,
        IngestJobConfig.builder()
            .bootstrapServers(broker.bootstrapServers())
            .topic(SAMPLES_TOPIC)
            .deadLetterTopic(DEAD_LETTER_TOPIC)
            .outputPath(storeDir().resolve("raw").toUri().toString())
            .rollupOutputPath(storeDir().resolve("rollup_1m").toUri().toString())
            .findingsTopic(FINDINGS_TOPIC)
            .findingsOutputPath(storeDir().resolve(io.fgm.schema.Finding.STORE_DIR).toUri().toString())
            .podsOutputPath(storeDir().resolve(io.fgm.schema.PodMetadata.STORE_DIR).toUri().toString())
            // Compaction merges the files of 2 checkpoints: data shows up within ~3 checkpoint intervals.
            .compactEveryCheckpoints(2)
            .checkpointInterval(config.checkpointInterval())
            .findings(config.findings() == null ? FindingsSettings.defaults() : config.findings())
            .parallelism(1)
            .build());
    return env.executeAsync("fgm-ingest");
  }

  private void createCompactedTopic(String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  public Path storeDir() {
    return config.dataDir().resolve("store");
  }

  public String kafkaBootstrapServers() {
    return broker.bootstrapServers();
  }

  public int queryPort() {
    return query.port();
  }

  public int mcpPort() {
    return mcp.port();
  }

  public String banner() {
    return String.join(
        "\n",
        "fgm is up (Ctrl-C stops everything).",
        "  query service : http://127.0.0.1:" + query.port() + "/api/containers",
        "  MCP endpoint  : http://127.0.0.1:" + mcp.port() + "/mcp",
        "  Flink console : http://127.0.0.1:" + config.flinkUiPort(),
        "  Kafka         : " + broker.bootstrapServers() + " (topic " + SAMPLES_TOPIC + ")",
        "  data          : " + config.dataDir() + " (Parquet store in " + storeDir() + ")",
        "Data appears in the query service after the first Flink checkpoint (every "
            + config.checkpointInterval().toSeconds() + " s).");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }

  static String hostName() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException ignored) {
      // not Linux: fall through
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env;
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
