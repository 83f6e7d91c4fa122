package io.fgm.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the query service. Build with {@link #builder()}; {@link Builder#build()} validates.
 *
 * <p>Tiers: the raw tier is read from {@code rawTier} resolved against {@code storePath}. When it is not set, the
 * service reads {@code <store>/raw} if that directory exists and {@code <store>} itself otherwise, so it works with
 * both the flat layout ({@code <store>/dt=…/node=…}) and the tiered one ({@code <store>/raw/dt=…}). The rollup
 * tier ({@code rollup_1m} by default) is reserved for long ranges.
 *
 * @param storePath base directory of the Parquet store
 * @param rawTier raw tier directory relative to the store, or null for automatic
 * @param rollupTier 1-minute rollup tier directory relative to the store
 * @param host address to bind (loopback by default)
 * @param port HTTP port; 0 picks a free one
 * @param maxRange longest time range a request may ask for
 * @param maxContainers most containers per time-series request
 * @param maxPoints most points per series returned (longer series are downsampled to min/max per bucket)
 * @param maxListLimit largest page size of container listings
 * @param defaultSeriesRange range of /api/timeseries when from/to are omitted (ending now)
 * @param defaultListRange range of listings (/api/containers, /api/nodes, /api/metrics) when omitted
 * @param relistInterval how long a partition listing is reused before the directory is listed again
 * @param maxStudyPoints most samples per series a study (summary, changepoint, periodicity) takes
 * @param seriesCachePoints most decoded points kept in memory (16 bytes each) for repeated series reads; 0 disables
 * @param aggregateCacheEntries most (file, metric) aggregates kept for ranking containers by a metric
 * @param bearerToken when set, every endpoint but /api/health requires {@code Authorization: Bearer <token>}
 * @param clock where "now" comes from
 * @param indexSnapshot local file where the metadata index is saved after warm-up and on close and loaded at
 *     start, so a restart does not summarize every file again; null (the default) keeps it in memory only
 * @param findingsTier findings tier directory relative to the store ({@code findings}, {@code Finding.STORE_DIR})
 * @param findingsLookback how long before a range's start a finding may have begun and still overlap the range
 *     (partitions of the findings tier are by the day of {@code start_ms})
 * @param kafkaBootstrap Kafka bootstrap servers for the fresh tails (findings, samples); null: no tail
 * @param tailWindow how far back the tails read and keep samples (the seconds Parquet does not have yet)
 * @param tailMaxFindings most findings kept by the findings tail
 * @param tailMaxPointsPerSeries most points kept per (container, metric) by the samples tail
 * @param tailMaxPoints most points kept by the samples tail in total
 * @param samplesTopic the topic the node agents publish samples to ({@code fgm.samples})
 * @param s3 when the store is {@code s3://bucket/prefix}: the bucket and how to reach it; {@code storePath} is then
 *     the virtual path {@code /prefix} inside the bucket. Null: a local store.
 * @param maxPercentileValues most values a percentile ranking ({@code sort=<metric>:p50|p95|p99}) may hold in
 *     memory (8 bytes each): a request whose range in seconds times its number of containers (one sample per second)
 *     exceeds it gets a 400 naming {@code sort}; default 20,000,000 (160 MB)
 */
public record QueryConfig(
    Path storePath,
    String rawTier,
    String rollupTier,
    String host,
    int port,
    Duration maxRange,
    int maxContainers,
    int maxPoints,
    int maxListLimit,
    Duration defaultSeriesRange,
    Duration defaultListRange,
    Duration relistInterval,
    int maxStudyPoints,
    long seriesCachePoints,
    int aggregateCacheEntries,
    String bearerToken,
    Clock clock,
    Path indexSnapshot,
    String findingsTier,
    Duration findingsLookback,
    String kafkaBootstrap,
    Duration tailWindow,
    int tailMaxFindings,
    int tailMaxPointsPerSeries,
    long tailMaxPoints,
    S3Location s3,
    String samplesTopic,
    long maxPercentileValues) {

  /**
   * An S3-compatible bucket holding the store.
   *
   * @param bucket bucket name
   * @param endpoint endpoint URL (MinIO, s3proxy, a region's endpoint); null: the SDK's default
   * @param pathStyle path-style addressing ({@code http://host/bucket/key}), as MinIO and s3proxy need
   * @param region signing region
   * @param accessKey static access key; null: the SDK's default credential chain ({@code AWS_ACCESS_KEY_ID}, ...)
   * @param secretKey static secret key, with {@code accessKey}
   */
  public record S3Location(String bucket, java.net.URI endpoint, boolean pathStyle, String region, String accessKey,
      String secretKey) {
    @Override
    public String toString() { // never log the secret
      return "s3://" + bucket + " (endpoint " + endpoint + ", path style " + pathStyle + ", region " + region + ")";
    }
  }

  /** Where the store is, for people: a local path or {@code s3://bucket/prefix}. */
  public String storeUri() {
    return s3 == null ? storePath.toString() : "s3://" + s3.bucket() + storePath;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() { // never log the token
    return "QueryConfig[store=" + storeUri() + ", rawTier=" + rawTier + ", rollupTier=" + rollupTier + ", host=" + host
        + ", port=" + port + ", maxRange=" + maxRange + ", maxContainers=" + maxContainers + ", maxPoints="
        + maxPoints + ", findingsTier=" + findingsTier + ", kafka=" + kafkaBootstrap + ", auth=" + (bearerToken != null)
        + "]";
  }

  /** Directory of the raw tier, resolved now (the Flink job may create {@code raw/} after we start). */
  public Path rawTierPath() {
    if (rawTier != null) {
      return storePath.resolve(rawTier).normalize();
    }
    Path raw = storePath.resolve("raw");
    return Files.isDirectory(raw) ? raw : storePath;
  }

  public Path rollupTierPath() {
    return storePath.resolve(rollupTier).normalize();
  }

  public Path findingsTierPath() {
    return storePath.resolve(findingsTier).normalize();
  }

  /** The pods dimension tier, {@code <store>/pods} ({@link io.fgm.schema.PodMetadata#STORE_DIR}). */
  public Path podsTierPath() {
    return storePath.resolve(io.fgm.schema.PodMetadata.STORE_DIR).normalize();
  }

  /** Builder with defaults: port 8050 on 127.0.0.1, 7 days max range, 50 containers, 10,000 points. */
  public static final class Builder {
    private Path storePath;
    private String rawTier;
    private String rollupTier = "rollup_1m";
    private String host = "127.0.0.1";
    private int port = 8050;
    private Duration maxRange = Duration.ofDays(7);
    private int maxContainers = 50;
    private int maxPoints = 10_000;
    private int maxListLimit = 5_000;
    private Duration defaultSeriesRange = Duration.ofHours(1);
    private Path indexSnapshot;
    private Duration defaultListRange = Duration.ofDays(1);
    private Duration relistInterval = Duration.ofSeconds(1);
    private int maxStudyPoints = 200_000;
    private long seriesCachePoints = 16_000_000; // 256 MB
    private int aggregateCacheEntries = 4096;
    private String bearerToken;
    private Clock clock = Clock.systemUTC();
    private String findingsTier = io.fgm.schema.Finding.STORE_DIR;
    private Duration findingsLookback = Duration.ofDays(7);
    private String kafkaBootstrap;
    private Duration tailWindow = Duration.ofMinutes(5);
    private int tailMaxFindings = 10_000;
    private int tailMaxPointsPerSeries = 600;
    private long tailMaxPoints = 5_000_000;
    private String samplesTopic = "fgm.samples";
    private long maxPercentileValues = 20_000_000;
    private String s3Bucket;
    private java.net.URI s3Endpoint;
    private boolean s3PathStyle;
    private String s3Region = "us-east-1";
    private String s3AccessKey;
    private String s3SecretKey;

    public Builder storePath(Path v) {
      storePath = v;
      s3Bucket = null;
      return this;
    }

    public Builder rawTier(String v) {
      rawTier = v;
      return this;
    }

    public Builder rollupTier(String v) {
      rollupTier = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder maxRange(Duration v) {
      maxRange = v;
      return this;
    }

    public Builder maxContainers(int v) {
      maxContainers = v;
      return this;
    }

    public Builder maxPoints(int v) {
      maxPoints = v;
      return this;
    }

    public Builder maxListLimit(int v) {
      maxListLimit = v;
      return this;
    }

    public Builder defaultSeriesRange(Duration v) {
      defaultSeriesRange = v;
      return this;
    }

    public Builder defaultListRange(Duration v) {
      defaultListRange = v;
      return this;
    }

    public Builder relistInterval(Duration v) {
      relistInterval = v;
      return this;
    }

    public Builder seriesCachePoints(long v) {
      seriesCachePoints = v;
      return this;
    }

    public Builder maxStudyPoints(int v) {
      maxStudyPoints = v;
      return this;
    }

    /** Most values a percentile ranking may hold (range seconds x containers); see {@link #maxPercentileValues}. */
    public Builder maxPercentileValues(long v) {
      maxPercentileValues = v;
      return this;
    }

    public Builder aggregateCacheEntries(int v) {
      aggregateCacheEntries = v;
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} on every endpoint but health; null or blank: no auth. */
    public Builder bearerToken(String v) {
      bearerToken = v == null || v.isBlank() ? null : v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /** Saves and reloads the metadata index in this local file; null: in memory only. */
    public Builder indexSnapshot(Path v) {
      indexSnapshot = v;
      return this;
    }

    /**
     * The store as a URI: {@code s3://bucket/prefix} (an S3-compatible bucket; see {@link #s3Endpoint},
     * {@link #s3PathStyle}, {@link #s3Region}, {@link #s3Credentials}), {@code file:///dir}, or a local path.
     */
    public Builder storeUri(String uri) {
      Objects.requireNonNull(uri, "storeUri");
      if (uri.startsWith("s3://") || uri.startsWith("s3a://")) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        s3Bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        storePath = Path.of("/" + prefix);
        check(!s3Bucket.isEmpty(), "store URI " + uri + " has no bucket");
        check(!Path.of("/" + prefix).normalize().toString().contains(".."), "store URI " + uri + " has '..'");
      } else if (uri.startsWith("file:")) {
        s3Bucket = null;
        storePath = Path.of(java.net.URI.create(uri));
      } else if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
        throw new IllegalArgumentException("store URI " + uri + ": only s3://, file:// and local paths are supported");
      } else {
        s3Bucket = null;
        storePath = Path.of(uri);
      }
      return this;
    }

    /** Endpoint of the S3-compatible server (MinIO, s3proxy); null: the SDK's default. */
    public Builder s3Endpoint(java.net.URI v) {
      s3Endpoint = v;
      return this;
    }

    public Builder s3PathStyle(boolean v) {
      s3PathStyle = v;
      return this;
    }

    public Builder s3Region(String v) {
      s3Region = v == null || v.isBlank() ? "us-east-1" : v;
      return this;
    }

    /** Static S3 credentials; null: the SDK's default chain ({@code AWS_ACCESS_KEY_ID}, profiles, ...). */
    public Builder s3Credentials(String accessKey, String secretKey) {
      s3AccessKey = accessKey;
      s3SecretKey = secretKey;
      return this;
    }

    public Builder findingsTier(String v) {
      findingsTier = v;
      return this;
    }

    public Builder findingsLookback(Duration v) {
      findingsLookback = v;
      return this;
    }

    /** Kafka bootstrap servers of the fresh tails; null or blank: none (Parquet only). */
    public Builder kafkaBootstrap(String v) {
      kafkaBootstrap = v == null || v.isBlank() ? null : v.trim();
      return this;
    }

    public Builder samplesTopic(String v) {
      samplesTopic = v;
      return this;
    }

    public Builder tailWindow(Duration v) {
      tailWindow = v;
      return this;
    }

    public Builder tailMaxFindings(int v) {
      tailMaxFindings = v;
      return this;
    }

    public Builder tailMaxPointsPerSeries(int v) {
      tailMaxPointsPerSeries = v;
      return this;
    }

    public Builder tailMaxPoints(long v) {
      tailMaxPoints = v;
      return this;
    }

    public QueryConfig build() {
      Objects.requireNonNull(storePath, "storePath");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(clock, "clock");
      check(port >= 0 && port <= 65535, "port must be 0..65535, was " + port);
      check(maxContainers >= 1, "maxContainers must be >= 1");
      check(maxPoints >= 2, "maxPoints must be >= 2");
      check(maxListLimit >= 1, "maxListLimit must be >= 1");
      check(positive(maxRange), "maxRange must be positive");
      check(positive(defaultSeriesRange) && defaultSeriesRange.compareTo(maxRange) <= 0,
          "defaultSeriesRange must be positive and <= maxRange");
      check(positive(defaultListRange) && defaultListRange.compareTo(maxRange) <= 0,
          "defaultListRange must be positive and <= maxRange");
      check(!relistInterval.isNegative(), "relistInterval must not be negative");
      check(seriesCachePoints >= 0, "seriesCachePoints must be >= 0");
      check(maxStudyPoints >= 10, "maxStudyPoints must be >= 10");
      check(aggregateCacheEntries >= 0, "aggregateCacheEntries must be >= 0");
      check(maxPercentileValues >= 1, "maxPercentileValues must be >= 1");
      check(rawTier == null || isRelativeInside(rawTier), "rawTier must be a relative path inside the store");
      check(isRelativeInside(rollupTier), "rollupTier must be a relative path inside the store");
      check(isRelativeInside(findingsTier), "findingsTier must be a relative path inside the store");
      check(findingsLookback != null && !findingsLookback.isNegative(), "findingsLookback must not be negative");
      check(positive(tailWindow), "tailWindow must be positive");
      check(samplesTopic != null && !samplesTopic.isBlank(), "samplesTopic must not be blank");
      check(tailMaxFindings >= 1, "tailMaxFindings must be >= 1");
      check(tailMaxPointsPerSeries >= 1, "tailMaxPointsPerSeries must be >= 1");
      check(tailMaxPoints >= tailMaxPointsPerSeries, "tailMaxPoints must be >= tailMaxPointsPerSeries");
      check((s3AccessKey == null) == (s3SecretKey == null), "S3 access key and secret key go together");
      S3Location s3 = s3Bucket == null ? null
          : new S3Location(s3Bucket, s3Endpoint, s3PathStyle, s3Region, s3AccessKey, s3SecretKey);
      return new QueryConfig(storePath.toAbsolutePath().normalize(), rawTier, rollupTier, host, port, maxRange,
          maxContainers, maxPoints, maxListLimit, defaultSeriesRange, defaultListRange, relistInterval,
          maxStudyPoints, seriesCachePoints, aggregateCacheEntries, bearerToken, clock, indexSnapshot, findingsTier,
          findingsLookback, kafkaBootstrap, tailWindow, tailMaxFindings, tailMaxPointsPerSeries, tailMaxPoints, s3, samplesTopic,
          maxPercentileValues);
    }

    private static boolean positive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }

    private static boolean isRelativeInside(String dir) {
      Path p = Path.of(dir).normalize();
      return !p.isAbsolute() && !p.startsWith("..");
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
