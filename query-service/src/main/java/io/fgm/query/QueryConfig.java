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
    Path indexSnapshot) {

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() { // never log the token
    return "QueryConfig[store=" + storePath + ", rawTier=" + rawTier + ", rollupTier=" + rollupTier + ", host=" + host
        + ", port=" + port + ", maxRange=" + maxRange + ", maxContainers=" + maxContainers + ", maxPoints="
        + maxPoints + ", auth=" + (bearerToken != null) + "]";
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

    public Builder storePath(Path v) {
      storePath = v;
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
      check(rawTier == null || isRelativeInside(rawTier), "rawTier must be a relative path inside the store");
      check(isRelativeInside(rollupTier), "rollupTier must be a relative path inside the store");
      return new QueryConfig(storePath.toAbsolutePath().normalize(), rawTier, rollupTier, host, port, maxRange,
          maxContainers, maxPoints, maxListLimit, defaultSeriesRange, defaultListRange, relistInterval,
          maxStudyPoints, seriesCachePoints, aggregateCacheEntries, bearerToken, clock, indexSnapshot);
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
