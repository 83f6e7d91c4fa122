package io.fgm.flink;

import io.fgm.flink.findings.FindingsSettings;
import io.fgm.flink.sink.ParquetSettings;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;

/**
 * Settings of the ingest job. Build with {@link #builder()} (validated in {@link Builder#build()}) or read
 * {@code --key value} arguments with {@link #fromArgs(Map)}; every setting but the bootstrap servers has a working
 * default. Argument keys are in {@link Keys}.
 */
public record IngestJobConfig(
    String bootstrapServers,
    String topic,
    String deadLetterTopic,
    String groupId,
    String podsTopic,
    StartingOffsets startingOffsets,
    boolean bounded,
    String outputPath,
    String rollupOutputPath,
    int compactEveryCheckpoints,
    long compactBytes,
    Duration checkpointInterval,
    String checkpointDir,
    int parallelism,
    int restartAttempts,
    Duration maxRateGap,
    Duration stateTtl,
    Duration outOfOrderness,
    Duration sourceIdleness,
    ParquetSettings parquet,
    String findingsTopic,
    String findingsOutputPath,
    FindingsSettings findings,
    String podsOutputPath,
    Map<String, String> kafkaProperties)
    implements Serializable {

  /** Argument names of {@link IngestJobMain} and {@link #fromArgs(Map)}. */
  public static final class Keys {
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String TOPIC = "topic";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String GROUP_ID = "group-id";
    public static final String PODS_TOPIC = "pods-topic";
    public static final String STARTING_OFFSETS = "starting-offsets";
    public static final String BOUNDED = "bounded";
    public static final String OUTPUT_PATH = "output-path";
    public static final String ROLLUP_OUTPUT_PATH = "rollup-output-path";
    public static final String COMPACT_EVERY_CHECKPOINTS = "compact-every-checkpoints";
    public static final String COMPACT_BYTES = "compact-bytes";
    public static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
    public static final String CHECKPOINT_DIR = "checkpoint-dir";
    public static final String PARALLELISM = "parallelism";
    public static final String RESTART_ATTEMPTS = "restart-attempts";
    public static final String MAX_RATE_GAP = "max-rate-gap";
    public static final String STATE_TTL = "state-ttl";
    public static final String OUT_OF_ORDERNESS = "out-of-orderness";
    public static final String SOURCE_IDLENESS = "source-idleness";
    public static final String FINDINGS_TOPIC = "findings-topic";
    public static final String FINDINGS_OUTPUT_PATH = "findings-output-path";
    public static final String PODS_OUTPUT_PATH = "pods-output-path";
    public static final String FINDINGS_WINDOW = "findings-window";
    public static final String FINDINGS_SLIDE = "findings-slide";
    public static final String FINDINGS_EXTEND_EVERY = "findings-extend-every";
    public static final String CHANGEPOINT_MIN_RELATIVE_CHANGE = "changepoint-min-relative-change";
    public static final String PERIODICITY_WINDOW = "periodicity-window";
    public static final String PERIODICITY_MIN_SCORE = "periodicity-min-score";
    public static final String LEAK_MIN_SCORE = "leak-min-score";
    public static final String LEAK_MAX_P_VALUE = "leak-max-p-value";
    public static final String LEAK_MIN_POINTS = "leak-min-points";
    public static final String FINDINGS_STUDY_GRACE = "findings-study-grace";
    public static final String THROTTLED_RATIO = "throttled-ratio";
    public static final String THROTTLING_SUSTAIN = "throttling-sustain";
    public static final String NEAR_LIMIT_FRACTION = "near-limit-fraction";
    public static final String NEAR_LIMIT_SUSTAIN = "near-limit-sustain";
    /** Prefix of extra Kafka consumer/producer properties, e.g. {@code --kafka.security.protocol SSL}. */
    public static final String KAFKA_PREFIX = "kafka.";

    private Keys() {}
  }

  /**
   * 18 × the default 10-s checkpoints = 3-minute compaction units: a file's footer and page indexes (~15 KB) are per
   * file, so one-minute units cost 0.565 B/value and three-minute ones 0.484 on the realistic fleet (flink-jobs
   * README, "Encodings and bytes per value"); Parquet then trails by up to ~190 s, which the query service's Kafka
   * tail (5 min) covers.
   */
  public static final int DEFAULT_COMPACT_EVERY_CHECKPOINTS = 18;

  public static final String DEFAULT_TOPIC = "fgm.samples";
  public static final String DEFAULT_DEAD_LETTER_TOPIC = "fgm.samples.dlq";
  public static final String DEFAULT_GROUP_ID = "fgm-ingest";
  public static final String DEFAULT_OUTPUT_PATH = "file:///tmp/fgm/store";

  public IngestJobConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bootstrapServers = bootstrapServers;
    b.topic = topic;
    b.deadLetterTopic = deadLetterTopic;
    b.groupId = groupId;
    b.podsTopic = podsTopic;
    b.startingOffsets = startingOffsets;
    b.bounded = bounded;
    b.outputPath = outputPath;
    b.rollupOutputPath = rollupOutputPath;
    b.compactEveryCheckpoints = compactEveryCheckpoints;
    b.compactBytes = compactBytes;
    b.checkpointInterval = checkpointInterval;
    b.checkpointDir = checkpointDir;
    b.parallelism = parallelism;
    b.restartAttempts = restartAttempts;
    b.maxRateGap = maxRateGap;
    b.stateTtl = stateTtl;
    b.outOfOrderness = outOfOrderness;
    b.sourceIdleness = sourceIdleness;
    b.parquet = parquet;
    b.findingsTopic = findingsTopic;
    b.findingsOutputPath = findingsOutputPath == null ? "" : findingsOutputPath;
    b.findings = findings;
    b.podsOutputPath = podsOutputPath == null ? "" : podsOutputPath;
    b.kafkaProperties.putAll(kafkaProperties);
    return b;
  }

  /** Whether samples get Kubernetes names from the pod metadata topic. */
  public boolean enrichmentEnabled() {
    return podsTopic != null && !podsTopic.isBlank();
  }

  /** Whether the 1-minute rollup tier is written. */
  public boolean rollupsEnabled() {
    return rollupOutputPath != null && !rollupOutputPath.isBlank();
  }

  /** Whether findings go to a Kafka topic. */
  public boolean findingsTopicEnabled() {
    return findingsTopic != null && !findingsTopic.isBlank();
  }

  /** Whether findings are written to their Parquet tier. */
  public boolean findingsOutputEnabled() {
    return findingsOutputPath != null && !findingsOutputPath.isBlank();
  }

  /**
   * Whether every pod metadata version is also written to the store's pods tier, so the labels of deleted pods stay
   * queryable as long as their containers' rows (needs enrichment: it reads the same topic).
   */
  public boolean podsOutputEnabled() {
    return enrichmentEnabled() && podsOutputPath != null && !podsOutputPath.isBlank();
  }

  /** Whether the streaming studies and event detectors run at all (they do when findings go anywhere). */
  public boolean findingsEnabled() {
    return findingsTopicEnabled() || findingsOutputEnabled();
  }

  /**
   * The default findings tier, where the query service looks for it ({@code <store>/findings}): beside the raw tier
   * when the raw tier is the store's {@code raw} directory ({@code <store>/raw} → {@code <store>/findings}), else
   * inside the output path, which is then the store itself ({@code s3://fgm/store} → {@code s3://fgm/store/findings};
   * readers of the raw tier only look at {@code dt=} directories).
   */
  static String defaultFindingsPath(String outputPath) {
    return defaultTierPath(outputPath, io.fgm.schema.Finding.STORE_DIR);
  }

  /** The default pods tier, {@code <store>/pods}, found the same way as {@link #defaultFindingsPath}. */
  static String defaultPodsPath(String outputPath) {
    return defaultTierPath(outputPath, io.fgm.schema.PodMetadata.STORE_DIR);
  }

  private static String defaultTierPath(String outputPath, String tier) {
    String base = outputPath.endsWith("/") ? outputPath.substring(0, outputPath.length() - 1) : outputPath;
    String path = URI.create(base).getPath();
    if (path != null && path.endsWith("/raw")) {
      return base.substring(0, base.length() - "raw".length()) + tier;
    }
    return base + "/" + tier;
  }

  /** Whether poison records are written to a dead-letter topic (else they are only counted and logged). */
  public boolean deadLetterTopicEnabled() {
    return deadLetterTopic != null && !deadLetterTopic.isBlank();
  }

  /** Reads {@code --key value} arguments (keys in {@link Keys}); unknown keys are an error, so typos are caught. */
  public static IngestJobConfig fromArgs(Map<String, String> args) {
    Builder b = builder();
    java.time.Duration window = null;
    java.time.Duration slide = null;
    for (Map.Entry<String, String> e : args.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k) {
        case Keys.BOOTSTRAP_SERVERS -> b.bootstrapServers(v);
        case Keys.TOPIC -> b.topic(v);
        case Keys.DEAD_LETTER_TOPIC -> b.deadLetterTopic(v);
        case Keys.GROUP_ID -> b.groupId(v);
        case Keys.PODS_TOPIC -> b.podsTopic(v);
        case Keys.STARTING_OFFSETS -> b.startingOffsets(StartingOffsets.valueOf(v.toUpperCase(Locale.ROOT)));
        case Keys.BOUNDED -> b.bounded(Boolean.parseBoolean(v));
        case Keys.OUTPUT_PATH -> b.outputPath(v);
        case Keys.ROLLUP_OUTPUT_PATH -> b.rollupOutputPath(v);
        case Keys.COMPACT_EVERY_CHECKPOINTS -> b.compactEveryCheckpoints(Integer.parseInt(v));
        case Keys.COMPACT_BYTES -> b.compactBytes(Long.parseLong(v));
        case Keys.CHECKPOINT_INTERVAL -> b.checkpointInterval(TimeUtils.parseDuration(v));
        case Keys.CHECKPOINT_DIR -> b.checkpointDir(v);
        case Keys.PARALLELISM -> b.parallelism(Integer.parseInt(v));
        case Keys.RESTART_ATTEMPTS -> b.restartAttempts(Integer.parseInt(v));
        case Keys.MAX_RATE_GAP -> b.maxRateGap(TimeUtils.parseDuration(v));
        case Keys.STATE_TTL -> b.stateTtl(TimeUtils.parseDuration(v));
        case Keys.OUT_OF_ORDERNESS -> b.outOfOrderness(TimeUtils.parseDuration(v));
        case Keys.SOURCE_IDLENESS -> b.sourceIdleness(TimeUtils.parseDuration(v));
        case Keys.FINDINGS_TOPIC -> b.findingsTopic(v);
        case Keys.FINDINGS_OUTPUT_PATH -> b.findingsOutputPath(v);
        case Keys.PODS_OUTPUT_PATH -> b.podsOutputPath(v);
        // window and slide are validated together, after the loop (argument order is not kept)
        case Keys.FINDINGS_WINDOW -> window = TimeUtils.parseDuration(v);
        case Keys.FINDINGS_SLIDE -> slide = TimeUtils.parseDuration(v);
        case Keys.FINDINGS_EXTEND_EVERY -> b.findings = b.findings.withExtendEvery(TimeUtils.parseDuration(v));
        case Keys.CHANGEPOINT_MIN_RELATIVE_CHANGE ->
            b.findings = b.findings.withChangepointMinRelativeChange(Double.parseDouble(v));
        case Keys.PERIODICITY_WINDOW ->
            b.findings = b.findings.withPeriodicity(TimeUtils.parseDuration(v), b.findings.periodicityMinScore());
        case Keys.PERIODICITY_MIN_SCORE ->
            b.findings = b.findings.withPeriodicity(b.findings.periodicityWindow(), Double.parseDouble(v));
        case Keys.LEAK_MIN_SCORE -> b.findings = b.findings.withLeakMinScore(Double.parseDouble(v));
        case Keys.LEAK_MAX_P_VALUE ->
            b.findings = b.findings.withLeakSignificance(Double.parseDouble(v), b.findings.leakMinPoints());
        case Keys.LEAK_MIN_POINTS ->
            b.findings = b.findings.withLeakSignificance(b.findings.leakMaxPValue(), Integer.parseInt(v));
        case Keys.FINDINGS_STUDY_GRACE -> b.findings = b.findings.withStudyGrace(TimeUtils.parseDuration(v));
        case Keys.THROTTLED_RATIO ->
            b.findings = b.findings.withThrottling(Double.parseDouble(v), b.findings.throttlingSustain());
        case Keys.THROTTLING_SUSTAIN ->
            b.findings = b.findings.withThrottling(b.findings.throttledRatio(), TimeUtils.parseDuration(v));
        case Keys.NEAR_LIMIT_FRACTION ->
            b.findings = b.findings.withNearLimit(Double.parseDouble(v), b.findings.nearLimitSustain());
        case Keys.NEAR_LIMIT_SUSTAIN ->
            b.findings = b.findings.withNearLimit(b.findings.nearLimitFraction(), TimeUtils.parseDuration(v));
        default -> {
          if (!k.startsWith(Keys.KAFKA_PREFIX)) {
            throw new IllegalArgumentException("unknown argument --" + k);
          }
          b.kafkaProperty(k.substring(Keys.KAFKA_PREFIX.length()), v);
        }
      }
    }
    if (window != null || slide != null) {
      b.findings = b.findings.withWindow(window != null ? window : b.findings.window(),
          slide != null ? slide : b.findings.slide());
    }
    return b.build();
  }

  /** Builder with defaults; {@link #build()} validates. */
  public static final class Builder {
    private String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
    private String groupId = DEFAULT_GROUP_ID;
    private String podsTopic = io.fgm.schema.PodMetadata.TOPIC;
    private StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
    private boolean bounded;
    private String outputPath = DEFAULT_OUTPUT_PATH;
    private String rollupOutputPath;
    private int compactEveryCheckpoints = DEFAULT_COMPACT_EVERY_CHECKPOINTS;
    private long compactBytes = 64L << 20;
    private Duration checkpointInterval = Duration.ofSeconds(10);
    private String checkpointDir;
    private int parallelism;
    private int restartAttempts = -1;
    private Duration maxRateGap = Duration.ofSeconds(60);
    private Duration stateTtl = Duration.ofMinutes(15);
    private Duration outOfOrderness = Duration.ofSeconds(5);
    private Duration sourceIdleness = Duration.ofSeconds(30);
    private ParquetSettings parquet = ParquetSettings.defaults();
    private String findingsTopic = io.fgm.schema.Finding.TOPIC;
    private String findingsOutputPath;
    private String podsOutputPath;
    private FindingsSettings findings = FindingsSettings.defaults();
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}. Required. */
    public Builder bootstrapServers(String v) {
      bootstrapServers = v;
      return this;
    }

    /** Samples topic; default {@value IngestJobConfig#DEFAULT_TOPIC}. */
    public Builder topic(String v) {
      topic = v;
      return this;
    }

    /** Dead-letter topic; default {@value IngestJobConfig#DEFAULT_DEAD_LETTER_TOPIC}; null or blank: count and log only. */
    public Builder deadLetterTopic(String v) {
      deadLetterTopic = v;
      return this;
    }

    /** Kafka consumer group (offsets are committed on checkpoints, for monitoring lag); default fgm-ingest. */
    public Builder groupId(String v) {
      groupId = v;
      return this;
    }

    /**
     * Compacted topic of pod metadata ({@link io.fgm.schema.PodMetadata#TOPIC}, the default) whose names are
     * joined to samples by pod UID; null or blank disables enrichment. A topic that does not exist yet is fine:
     * it is picked up when it appears.
     */
    public Builder podsTopic(String v) {
      podsTopic = v;
      return this;
    }

    /** Where to start without a checkpoint; default {@link StartingOffsets#COMMITTED}. */
    public Builder startingOffsets(StartingOffsets v) {
      startingOffsets = v;
      return this;
    }

    /** Stop at the offsets that are latest when the job starts (tests, backfills); default false. */
    public Builder bounded(boolean v) {
      bounded = v;
      return this;
    }

    /** Base URI of the Parquet store: {@code file:///…} or {@code s3://bucket/prefix}; default /tmp/fgm/store. */
    public Builder outputPath(String v) {
      outputPath = v;
      return this;
    }

    /**
     * Base URI of the 1-minute rollup tier (min, max, avg, last, count per container, metric and minute); null or
     * blank (default) disables it. Keep it beside the raw tier, e.g. raw in {@code <store>/raw}, rollups in
     * {@code <store>/rollup_1m}, not inside it.
     */
    public Builder rollupOutputPath(String v) {
      rollupOutputPath = v;
      return this;
    }

    /**
     * Compact the raw tier's files of each partition every this many checkpoints (default 6; 0 = off): fewer,
     * larger files, visible up to this many checkpoint intervals later. See {@code RawTierSink}.
     */
    public Builder compactEveryCheckpoints(int v) {
      compactEveryCheckpoints = v;
      return this;
    }

    /** Compact sooner once this many bytes are pending in a partition; default 64 MiB. */
    public Builder compactBytes(long v) {
      compactBytes = v;
      return this;
    }

    /** Checkpoint interval, which is also how often Parquet files are committed; default 10 s. */
    public Builder checkpointInterval(Duration v) {
      checkpointInterval = v;
      return this;
    }

    /**
     * Where checkpoints go, e.g. {@code s3://fgm/checkpoints} beside the store; null (default) keeps the
     * environment's setting ({@code execution.checkpointing.dir}), or if it has none uses
     * {@code <outputPath>/_checkpoints} (readers skip names starting with '_').
     */
    public Builder checkpointDir(String v) {
      checkpointDir = v;
      return this;
    }

    /** Parallelism of every operator; 0 (default) keeps the environment's. */
    public Builder parallelism(int v) {
      parallelism = v;
      return this;
    }

    /** Fixed-delay restart attempts after a failure; -1 (default) keeps Flink's (exponential back-off). */
    public Builder restartAttempts(int v) {
      restartAttempts = v;
      return this;
    }

    /** Longest gap between two samples over which a counter rate is still computed; default 60 s. */
    public Builder maxRateGap(Duration v) {
      maxRateGap = v;
      return this;
    }

    /** How long the rate state of a container that stopped sending is kept; default 15 min. */
    public Builder stateTtl(Duration v) {
      stateTtl = v;
      return this;
    }

    /** Bounded out-of-orderness of sample times for watermarks; default 5 s. */
    public Builder outOfOrderness(Duration v) {
      outOfOrderness = v;
      return this;
    }

    /** A source split silent this long stops holding watermarks back; default 30 s. */
    public Builder sourceIdleness(Duration v) {
      sourceIdleness = v;
      return this;
    }

    public Builder parquet(ParquetSettings v) {
      parquet = v;
      return this;
    }

    /** Topic of the findings ({@value io.fgm.schema.Finding#TOPIC} by default); null or blank: no Kafka output. */
    public Builder findingsTopic(String v) {
      findingsTopic = v;
      return this;
    }

    /**
     * Base URI of the findings Parquet tier; default (null) {@code <store>/findings}: beside the raw tier when the
     * output path is {@code <store>/raw}, else inside the output path; blank: no Parquet output.
     */
    public Builder findingsOutputPath(String v) {
      findingsOutputPath = v;
      return this;
    }

    /**
     * Base URI of the pods tier (every pod metadata version, for the labels of deleted pods); default (null)
     * {@code <store>/pods}, found like the findings tier; blank: not written.
     */
    public Builder podsOutputPath(String v) {
      podsOutputPath = v;
      return this;
    }

    /** Windows and thresholds of the streaming studies and event detectors. */
    public Builder findings(FindingsSettings v) {
      findings = v;
      return this;
    }

    /** An extra Kafka client property (consumer and dead-letter producer), e.g. security settings. */
    public Builder kafkaProperty(String key, String value) {
      kafkaProperties.put(key, value);
      return this;
    }

    public IngestJobConfig build() {
      require(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrapServers is required");
      require(topic != null && !topic.isBlank(), "topic is required");
      require(groupId != null && !groupId.isBlank(), "groupId is required");
      Objects.requireNonNull(startingOffsets, "startingOffsets");
      Objects.requireNonNull(parquet, "parquet");
      require(outputPath != null && URI.create(outputPath).getScheme() != null,
          "outputPath must be a URI with a scheme (file:///… or s3://…), got " + outputPath);
      require(positive(checkpointInterval), "checkpointInterval must be positive");
      require(rollupOutputPath == null || rollupOutputPath.isBlank() || URI.create(rollupOutputPath).getScheme() != null,
          "rollupOutputPath must be a URI with a scheme, got " + rollupOutputPath);
      require(compactEveryCheckpoints >= 0, "compactEveryCheckpoints must be >= 0");
      require(compactBytes > 0, "compactBytes must be positive");
      require(parallelism >= 0, "parallelism must be >= 0");
      require(restartAttempts >= -1, "restartAttempts must be >= -1");
      require(positive(maxRateGap), "maxRateGap must be positive");
      require(positive(stateTtl), "stateTtl must be positive");
      require(outOfOrderness != null && !outOfOrderness.isNegative(), "outOfOrderness must be >= 0");
      require(positive(sourceIdleness), "sourceIdleness must be positive");
      Objects.requireNonNull(findings, "findings");
      String findingsPath = findingsOutputPath == null ? defaultFindingsPath(outputPath) : findingsOutputPath;
      require(findingsPath.isBlank() || URI.create(findingsPath).getScheme() != null,
          "findingsOutputPath must be a URI with a scheme, got " + findingsPath);
      String podsPath = podsOutputPath == null ? defaultPodsPath(outputPath) : podsOutputPath;
      require(podsPath.isBlank() || URI.create(podsPath).getScheme() != null,
          "podsOutputPath must be a URI with a scheme, got " + podsPath);
      return new IngestJobConfig(
          bootstrapServers, topic, deadLetterTopic, groupId, podsTopic, startingOffsets, bounded, outputPath,
          rollupOutputPath, compactEveryCheckpoints, compactBytes, checkpointInterval, checkpointDir, parallelism, restartAttempts, maxRateGap, stateTtl, outOfOrderness, sourceIdleness,
          parquet, findingsTopic, findingsPath, findings, podsPath, kafkaProperties);
    }

    private static boolean positive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
