package io.fgm.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for {@code flink run} (or a FlinkDeployment): {@code --key value} arguments as listed in
 * {@link IngestJobConfig.Keys}, e.g.
 *
 * <pre>flink run -c io.fgm.flink.IngestJobMain fgm-flink-jobs.jar --bootstrap-servers kafka:9092 \
 *     --output-path s3://fgm/store --checkpoint-interval 10s</pre>
 */
public final class IngestJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJobMain.class);
  public static final String JOB_NAME = "fgm-ingest";

  private IngestJobMain() {}

  static final String USAGE =
      String.join(
          "\n",
          "Usage: IngestJobMain --bootstrap-servers HOST:PORT [--key value ...]",
          "The fgm ingest job: Kafka samples -> per-container rates -> Parquet (raw and 1-minute rollup tiers)",
          "and findings (streaming studies and events) to Kafka and Parquet,",
          "exactly once. Under `flink run` it runs on the cluster; otherwise in a local MiniCluster.",
          "",
          "  --bootstrap-servers        Kafka bootstrap servers (required)",
          "  --topic                    samples topic (default fgm.samples)",
          "  --dead-letter-topic        poison records with the reason (default fgm.samples.dlq; empty: count only)",
          "  --pods-topic               compacted pod metadata topic (default fgm.pods; empty: no names)",
          "  --group-id                 consumer group (default fgm-ingest)",
          "  --starting-offsets         earliest | latest | committed (default committed)",
          "  --bounded                  stop at the offsets latest at start (default false)",
          "  --output-path              raw tier base URI, file:// or s3:// (default file:///tmp/fgm/store)",
          "  --rollup-output-path       1-minute rollup tier base URI (default: off)",
          "  --compact-every-checkpoints, --compact-bytes   FileSink compaction (default 18, 64 MiB)",
          "  --checkpoint-interval      e.g. 10s: how often files are committed (default 10s)",
          "  --checkpoint-dir           checkpoint storage URI (default <output-path>/_checkpoints)",
          "  --parallelism, --restart-attempts, --max-rate-gap, --state-ttl, --out-of-orderness, --source-idleness",
          "  --findings-topic           findings topic (default fgm.findings; empty: none)",
          "  --findings-output-path     findings Parquet tier (default <store>/findings; empty: none)",
          "  --findings-window, --findings-slide               study window and how often it runs (10min, 1min)",
          "  --changepoint-min-relative-change, --periodicity-window, --periodicity-min-score, --leak-min-score",
          "  --throttled-ratio, --throttling-sustain, --near-limit-fraction, --near-limit-sustain,",
          "  --leak-max-p-value, --leak-min-points, --findings-study-grace,",
          "  --findings-extend-every    thresholds of the findings (defaults in the README)",
          "  --kafka.<property>         any Kafka client property",
          "See flink-jobs/README.md for every default and its reason.");

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(USAGE);
        return;
      }
    }
    IngestJobConfig cfg = IngestJobConfig.fromArgs(ParameterTool.fromArgs(args).toMap());
    LOG.info("starting {} with {}", JOB_NAME, cfg);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(env, cfg);
    env.execute(JOB_NAME);
  }
}
