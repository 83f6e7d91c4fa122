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

  public static void main(String[] args) throws Exception {
    IngestJobConfig cfg = IngestJobConfig.fromArgs(ParameterTool.fromArgs(args).toMap());
    LOG.info("starting {} with {}", JOB_NAME, cfg);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestJob.define(env, cfg);
    env.execute(JOB_NAME);
  }
}
