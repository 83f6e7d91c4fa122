package io.fgm.flink;

import io.fgm.flink.enrich.EnrichedRatesFunction;
import io.fgm.flink.enrich.NoEventTime;
import io.fgm.flink.enrich.PodRows;
import io.fgm.flink.enrich.PodUpdate;
import io.fgm.flink.enrich.PodUpdateDeserializer;
import io.fgm.flink.findings.ContainerStart;
import io.fgm.flink.findings.FindingRecords;
import io.fgm.flink.findings.FindingSerializer;
import io.fgm.flink.findings.FindingsFunction;
import io.fgm.flink.findings.RestartFunction;
import io.fgm.flink.rates.RatesFunction;
import io.fgm.flink.sink.FindingsTierSink;
import io.fgm.flink.sink.PodsTierSink;
import io.fgm.flink.rollup.LateSampleCounter;
import io.fgm.flink.rollup.MinuteRollupAggregate;
import io.fgm.flink.rollup.MinuteRollupRows;
import io.fgm.flink.rollup.RollupRows;
import io.fgm.flink.sink.RollupTierSink;
import io.fgm.flink.sink.RawTierSink;
import io.fgm.flink.source.DeadLetter;
import io.fgm.flink.source.DeadLetterSerializer;
import io.fgm.flink.source.RawRecord;
import io.fgm.flink.source.RawRecordDeserializer;
import io.fgm.flink.source.SampleDecoder;
import io.fgm.flink.source.SampleTimestamps;
import io.fgm.flink.types.ContainerSampleTypeInfo;
import io.fgm.schema.ContainerSample;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: samples topic → decode (poison records to the dead-letter topic) → per-container rates in keyed
 * state → wide Parquet (one row per sample, {@link io.fgm.schema.SampleRows}) in hive partitions
 * {@code dt=YYYY-MM-DD/node=<node>}, committed exactly once at each checkpoint.
 *
 * <p>Embedding: {@link #define} adds the pipeline to any environment (a MiniCluster with the web UI in the embedded
 * stack, a test's MiniCluster, or a cluster's environment in {@link IngestJobMain}); the caller executes it.
 *
 * <p>Delivery: Kafka offsets and the rate state are checkpointed together with the sink's pending files, so after a
 * failure the job resumes from the last checkpoint and each (container, metric, time) is committed exactly once.
 * Files are written as hidden in-progress files ({@code .part-…inprogress…}) and renamed to
 * {@code part-<uuid>-<subtask>-<n>.parquet} when their checkpoint completes; readers skip names starting with '.'
 * or '_'.
 */
public final class IngestJob {
  /** Operator uids: stable across versions so that savepoints keep mapping state to operators. */
  public static final String SOURCE_UID = "samples-source";
  public static final String PODS_SOURCE_UID = "pods-source";
  public static final String POD_ROWS_UID = "pod-rows";
  public static final String PODS_SINK_UID = "pods-tier-sink";
  public static final String DECODE_UID = "decode-samples";
  public static final String DEAD_LETTER_UID = "dead-letter-sink";
  public static final String RATES_UID = "container-rates";
  public static final String RAW_SINK_UID = "raw-parquet-sink";
  public static final String ROLLUP_UID = "rollup-1m";
  public static final String ROLLUP_SINK_UID = "rollup-1m-parquet-sink";
  public static final String FINDINGS_UID = "container-findings";
  public static final String RESTARTS_UID = "restart-findings";
  public static final String FINDINGS_KAFKA_SINK_UID = "findings-kafka-sink";
  public static final String FINDINGS_PARQUET_SINK_UID = "findings-parquet-sink";

  private IngestJob() {}

  /**
   * Adds the ingest pipeline to {@code env} and configures what it needs there: exactly-once checkpointing at
   * {@link IngestJobConfig#checkpointInterval()}, the restart strategy when one is configured, and the parallelism
   * when it is not 0. The caller runs it ({@code env.execute} / {@code executeAsync}).
   *
   * @return the samples with their derived rates, for callers that want to attach more operators
   */
  public static DataStream<ContainerSample> define(StreamExecutionEnvironment env, IngestJobConfig cfg) {
    return define(env, cfg, UnaryOperator.identity());
  }

  /**
   * As {@link #define(StreamExecutionEnvironment, IngestJobConfig)}, with {@code afterDecode} applied to the decoded
   * samples before they are keyed by container: for tests that inject failures, or extra per-sample operators.
   */
  public static DataStream<ContainerSample> define(
      StreamExecutionEnvironment env, IngestJobConfig cfg, UnaryOperator<DataStream<ContainerSample>> afterDecode) {
    configure(env, cfg);

    // Watermarks per Kafka partition (split), from each record's sample time: the watermark is the minimum over the
    // partitions, so one read ahead of another (catch-up, backlog) cannot pass windows still incomplete on the
    // lagging one. Decoding and the operators after it keep the timestamps and forward the watermarks.
    DataStream<RawRecord> raw =
        env.fromSource(source(cfg),
                WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(cfg.outOfOrderness())
                    .withTimestampAssigner(new SampleTimestamps())
                    .withIdleness(cfg.sourceIdleness()),
                "Kafka samples: " + cfg.topic())
            .uid(SOURCE_UID);

    SingleOutputStreamOperator<ContainerSample> decoded =
        raw.process(new SampleDecoder(), ContainerSampleTypeInfo.INSTANCE).name("Decode samples").uid(DECODE_UID);

    DataStream<DeadLetter> deadLetters = decoded.getSideOutput(SampleDecoder.DEAD_LETTERS);
    if (cfg.deadLetterTopicEnabled()) {
      deadLetters.sinkTo(deadLetterSink(cfg)).name("Dead letters: " + cfg.deadLetterTopic()).uid(DEAD_LETTER_UID);
    }

    DataStream<ContainerSample> timed = afterDecode.apply(decoded);

    DataStream<ContainerSample> withRates;
    if (cfg.enrichmentEnabled() && (!cfg.bounded() || topicExists(cfg, cfg.podsTopic()))) {
      DataStream<PodUpdate> podUpdates =
          env.fromSource(podsSource(cfg), new NoEventTime<>(), "Kafka pod metadata: " + cfg.podsTopic())
              .uid(PODS_SOURCE_UID);
      if (cfg.podsOutputEnabled()) {
        definePodsTier(podUpdates, cfg);
      }
      BroadcastStream<PodUpdate> pods = podUpdates.broadcast(EnrichedRatesFunction.PODS);
      withRates =
          timed
              .keyBy(new ContainerKey())
              .connect(pods)
              .process(
                  new EnrichedRatesFunction(cfg.maxRateGap(), cfg.stateTtl()), ContainerSampleTypeInfo.INSTANCE)
              .name("Per-container rates + pod names")
              .uid(RATES_UID);
    } else {
      withRates =
          timed
              .keyBy(new ContainerKey())
              .process(new RatesFunction(cfg.maxRateGap(), cfg.stateTtl()), ContainerSampleTypeInfo.INSTANCE)
              .name("Per-container rates")
              .uid(RATES_UID);
    }

    withRates.sinkTo(rawSink(cfg)).name("Parquet raw tier").uid(RAW_SINK_UID);
    if (cfg.rollupsEnabled()) {
      defineRollups(withRates, cfg);
    }
    if (cfg.findingsEnabled()) {
      defineFindings(withRates, cfg);
    }
    return withRates;
  }

  /**
   * 1-minute event-time windows per container (the stream is already partitioned by container, so no second
   * shuffle) → rollup rows → the rollup tier. Samples older than the watermark are left out of the rollups (they
   * are in the raw tier) and counted as {@code lateSamples}.
   */
  static void defineRollups(DataStream<ContainerSample> withRates, IngestJobConfig cfg) {
    OutputTag<ContainerSample> late = new OutputTag<>("late-samples", ContainerSampleTypeInfo.INSTANCE);
    SingleOutputStreamOperator<GenericRecord> rollups =
        DataStreamUtils.reinterpretAsKeyedStream(withRates, new ContainerKey(), Types.STRING)
            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
            .sideOutputLateData(late)
            .aggregate(
                new MinuteRollupAggregate(),
                new MinuteRollupRows(),
                MinuteRollupAggregate.TYPE,
                MinuteRollupAggregate.TYPE,
                new GenericRecordAvroTypeInfo(RollupRows.SCHEMA))
            .name("1-minute rollups")
            .uid(ROLLUP_UID);
    rollups
        .getSideOutput(late)
        .process(new LateSampleCounter())
        .name("Late samples (counted)")
        .uid("late-sample-counter")
        .sinkTo(new DiscardingSink<>())
        .name("Discard late samples")
        .uid("late-sample-discard");
    rollups
        .sinkTo(
            RollupTierSink.create(
                cfg.rollupOutputPath(), cfg.parquet(), cfg.compactEveryCheckpoints(), cfg.compactBytes()))
        .name("Parquet rollup tier (1 min)")
        .uid(ROLLUP_SINK_UID);
  }

  /**
   * Streaming studies and event detectors per container (on the already partitioned stream, chained to the rates
   * operator), plus restarts per pod container, to the findings topic and the findings Parquet tier.
   *
   * <p>The Kafka sink is at-least-once, on purpose: a finding's id is deterministic and the operator's output is a
   * function of its checkpointed state and the replayed samples (times are event times), so a replay after a
   * failure re-sends identical records, which readers already collapse (same id, keep the largest end_ms).
   * Exactly-once would add transactions and hide findings from read_committed consumers until the next
   * checkpoint, for no difference in what readers see. The Parquet tier is exactly-once like the other tiers.
   */
  static DataStream<GenericRecord> defineFindings(DataStream<ContainerSample> withRates, IngestJobConfig cfg) {
    SingleOutputStreamOperator<GenericRecord> perContainer =
        DataStreamUtils.reinterpretAsKeyedStream(withRates, new ContainerKey(), Types.STRING)
            .process(new FindingsFunction(cfg.findings(), cfg.stateTtl()), FindingRecords.typeInfo())
            .name("Streaming studies + events")
            .uid(FINDINGS_UID);
    DataStream<GenericRecord> restarts =
        perContainer
            .getSideOutput(FindingsFunction.STARTS)
            .keyBy(ContainerStart::podContainerKey, Types.STRING)
            .process(new RestartFunction(cfg.stateTtl()), FindingRecords.typeInfo())
            .name("Restarts per pod container")
            .uid(RESTARTS_UID);
    DataStream<GenericRecord> findings = perContainer.union(restarts);
    if (cfg.findingsTopicEnabled()) {
      Properties props = new Properties();
      props.putAll(cfg.kafkaProperties());
      findings
          .sinkTo(
              KafkaSink.<GenericRecord>builder()
                  .setBootstrapServers(cfg.bootstrapServers())
                  .setKafkaProducerConfig(props)
                  .setRecordSerializer(new FindingSerializer(cfg.findingsTopic()))
                  .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                  .build())
          .name("Findings: " + cfg.findingsTopic())
          .uid(FINDINGS_KAFKA_SINK_UID);
    }
    if (cfg.findingsOutputEnabled()) {
      findings
          .sinkTo(
              FindingsTierSink.create(
                  cfg.findingsOutputPath(), cfg.parquet(), cfg.compactEveryCheckpoints(), cfg.compactBytes()))
          .name("Parquet findings")
          .uid(FINDINGS_PARQUET_SINK_UID);
    }
    return findings;
  }

  /** Every pod metadata version → the pods tier, so the labels of deleted pods stay queryable. */
  static void definePodsTier(DataStream<PodUpdate> podUpdates, IngestJobConfig cfg) {
    podUpdates
        .process(new PodRows(), new GenericRecordAvroTypeInfo(io.fgm.schema.Schemas.POD_METADATA_V1))
        .name("Pod metadata rows")
        .uid(POD_ROWS_UID)
        .sinkTo(PodsTierSink.create(
            cfg.podsOutputPath(), cfg.parquet(), cfg.compactEveryCheckpoints(), cfg.compactBytes()))
        .name("Parquet pods tier")
        .uid(PODS_SINK_UID);
  }

  static void configure(StreamExecutionEnvironment env, IngestJobConfig cfg) {
    env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    if (cfg.parallelism() > 0) {
      env.setParallelism(cfg.parallelism());
    }
    Configuration conf = new Configuration();
    if (cfg.restartAttempts() >= 0) {
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, cfg.restartAttempts());
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    }
    String checkpointDir = cfg.checkpointDir();
    if ((checkpointDir == null || checkpointDir.isBlank())
        && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
      // Without a directory Flink keeps checkpoints in the JobManager's memory, limited to 5 MiB per task: a few
      // thousand containers' rollup windows exceed it. Readers skip '_' names, so the store can hold them.
      checkpointDir = stripSlash(cfg.outputPath()) + "/_checkpoints";
    }
    if (checkpointDir != null && !checkpointDir.isBlank()) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
    }
    env.configure(conf);
  }

  private static String stripSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  static KafkaSource<RawRecord> source(IngestJobConfig cfg) {
    KafkaSourceBuilder<RawRecord> b =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(cfg.bootstrapServers())
            .setTopics(cfg.topic())
            .setGroupId(cfg.groupId())
            .setStartingOffsets(cfg.startingOffsets().initializer())
            .setDeserializer(new RawRecordDeserializer())
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperty("client.id.prefix", cfg.groupId());
    if (cfg.bounded()) {
      b.setBounded(OffsetsInitializer.latest());
    }
    cfg.kafkaProperties().forEach(b::setProperty);
    return b.build();
  }

  /**
   * The pod metadata topic, read from the beginning (it is compacted: the beginning is the current directory),
   * subscribed by pattern so that a topic that does not exist yet is not an error but is discovered later.
   */
  static KafkaSource<PodUpdate> podsSource(IngestJobConfig cfg) {
    KafkaSourceBuilder<PodUpdate> b =
        KafkaSource.<PodUpdate>builder()
            .setBootstrapServers(cfg.bootstrapServers())
            .setTopicPattern(Pattern.compile(Pattern.quote(cfg.podsTopic())))
            .setGroupId(cfg.groupId() + "-pods")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new PodUpdateDeserializer())
            .setProperty("client.id.prefix", cfg.groupId() + "-pods");
    if (cfg.bounded()) {
      // A bounded source only ends when partition discovery is off.
      b.setBounded(OffsetsInitializer.latest()).setProperty("partition.discovery.interval.ms", "-1");
    } else {
      b.setProperty("partition.discovery.interval.ms", "30000");
    }
    cfg.kafkaProperties().forEach(b::setProperty);
    return b.build();
  }

  /**
   * Whether a topic exists. Only asked for bounded runs: a bounded KafkaSource whose subscription matches no
   * partition never tells its readers that no split will come, so the job would never finish.
   */
  static boolean topicExists(IngestJobConfig cfg, String topic) {
    Properties props = new Properties();
    props.putAll(cfg.kafkaProperties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the topics of " + cfg.bootstrapServers(), e);
    }
  }

  static KafkaSink<DeadLetter> deadLetterSink(IngestJobConfig cfg) {
    Properties props = new Properties();
    props.putAll(cfg.kafkaProperties());
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(cfg.bootstrapServers())
        .setKafkaProducerConfig(props)
        .setRecordSerializer(new DeadLetterSerializer(cfg.deadLetterTopic()))
        // Dead letters are for people to inspect; a duplicate after a restart is harmless, transactions are not free.
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  static FileSink<ContainerSample> rawSink(IngestJobConfig cfg) {
    return RawTierSink.create(cfg.outputPath(), cfg.parquet(), cfg.compactEveryCheckpoints(), cfg.compactBytes());
  }

  /** Keys samples by {@code node/containerId}, the same key the agent gives the Kafka record. */
  static final class ContainerKey implements KeySelector<ContainerSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ContainerSample s) {
      return s.kafkaKey();
    }
  }
}
