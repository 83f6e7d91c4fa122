package io.fgm.query;

import io.fgm.query.store.AggregateCache;
import io.fgm.query.store.FileSummary;
import io.fgm.query.store.IndexSnapshot;
import io.fgm.query.store.LocalStoreFs;
import io.fgm.query.store.PodTier;
import io.fgm.query.store.StoreFs;
import io.fgm.query.tail.PodDirectory;
import io.fgm.query.tail.SampleTail;
import io.fgm.query.store.MetadataIndex;
import io.fgm.query.store.SampleRowFiles;
import io.fgm.query.store.SeriesCache;
import io.fgm.schema.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The query core: listings and time series over the Parquet store, with no HTTP in it. The HTTP server and the
 * MCP gateway are shells over this class. Requests are validated against the configured bounds (range, number
 * of containers, points) and violations throw {@link BadParameterException} naming the parameter.
 *
 * <p>Thread-safe: the metadata index is concurrent and every call reads files independently.
 */
public final class QueryService {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueryService.class);
  private static final Comparator<ContainerInfo> LISTING_ORDER =
      Comparator.comparing(ContainerInfo::node, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(ContainerInfo::namespace, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(ContainerInfo::podName, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(ContainerInfo::containerName, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(ContainerInfo::containerId);

  /** Re-lists stale partitions off the request path; one daemon thread is plenty (a listing takes milliseconds). */
  private static final java.util.concurrent.Executor RELISTER = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> {
        Thread t = new Thread(r, "fgm-relist");
        t.setDaemon(true);
        return t;
      });

  private final QueryConfig config;
  private final StoreFs fs;
  private final SampleTail tail;
  private final MetadataIndex index;
  private final MetricRanker ranker;
  private final SeriesCache seriesCache;
  private final RollupReader rollup;
  private final PodTier podTier;
  private final PodLabels podLabels;

  /** At most this many pods' labels are kept from the pods tier (as many as the live directory keeps). */
  static final int MAX_STORED_PODS = 500_000;

  /** A service over a local store ({@link QueryConfig#storePath()}). */
  public QueryService(QueryConfig config) {
    this(config, LocalStoreFs.INSTANCE);
  }

  /** A service over the store in {@code fs} (local or S3); {@code fs} stays the caller's to close. */
  public QueryService(QueryConfig config, StoreFs fs) {
    this(config, fs, null);
  }

  /**
   * A service over the store in {@code fs} (local or S3) and, when not null, the in-memory tail of the samples topic
   * for the seconds Parquet does not have yet; {@code fs} and the tail's feed stay the caller's to close.
   */
  public QueryService(QueryConfig config, StoreFs fs, SampleTail tail) {
    this(config, fs, tail, null);
  }

  /**
   * As {@link #QueryService(QueryConfig, StoreFs, SampleTail)}, with the live pods topic's directory (null without
   * Kafka), whose labels a {@link LabelSelector} matches together with the store's pods tier.
   */
  public QueryService(QueryConfig config, StoreFs fs, SampleTail tail, PodDirectory livePods) {
    this.config = config;
    this.fs = fs;
    this.tail = tail;
    this.index = new MetadataIndex(fs, config.relistInterval().toNanos(), System::nanoTime, RELISTER);
    this.ranker = new MetricRanker(fs, new AggregateCache(config.aggregateCacheEntries()));
    this.seriesCache = config.seriesCachePoints() > 0 ? new SeriesCache(fs, config.seriesCachePoints()) : null;
    // the rollup's minutes are cached like raw series, in a cache of their own (a quarter of the raw budget on top
    // of it: 7 days x 100 containers x 3 metrics of min and max fit), so long-range requests do not evict the
    // seconds the viewer zooms into
    this.rollup = new RollupReader(index, config.rollupTierPath(), config.seriesCachePoints() > 0
        ? new SeriesCache(fs, Math.max(1, config.seriesCachePoints() / 4), true) : null);
    this.podTier = new PodTier(fs, config.podsTierPath(), config.relistInterval().toNanos(), System::nanoTime,
        () -> java.time.LocalDate.ofInstant(config.clock().instant(), java.time.ZoneOffset.UTC), RELISTER,
        MAX_STORED_PODS);
    this.podLabels = new PodLabels(livePods, podTier);
  }

  /** The store's pods tier (labels of pods, deleted ones included). */
  public PodTier podTier() {
    return podTier;
  }

  /**
   * Directory of the raw tier, decided now (the Flink job may create {@code raw/} after we start): the configured
   * one, else {@code <store>/raw} when it exists, else the store itself.
   */
  public java.nio.file.Path rawTierPath() {
    if (config.rawTier() != null) {
      return config.storePath().resolve(config.rawTier()).normalize();
    }
    java.nio.file.Path raw = config.storePath().resolve("raw");
    return fs.isDirectory(raw) ? raw : config.storePath();
  }

  public StoreFs fs() {
    return fs;
  }

  public QueryConfig config() {
    return config;
  }

  public MetadataIndex index() {
    return index;
  }

  /**
   * Summarizes every file of the default listing range (the last {@code defaultListRange}) into the metadata
   * index, so that the first listing does not pay for it; meant to run on a background thread at start-up. It also
   * loads and compiles the Parquet read path, which costs seconds in a fresh JVM. Concurrent queries share the
   * work: a file version is summarized once whoever asks first.
   *
   * @return the number of files in the range
   */
  public int warmUp() {
    long now = config.clock().millis();
    TimeRange range = new TimeRange(now - config.defaultListRange().toMillis(), now);
    int files = 0;
    for (MetadataIndex.PartitionFiles pf : index.files(rawTierPath(), range, n -> true)) {
      files += pf.files().size();
    }
    podTier.refresh(); // the pods tier too, so the first selector on pod labels does not read it
    return files;
  }

  /** Seeds the metadata index from {@link QueryConfig#indexSnapshot()} when configured; a bad snapshot is ignored. */
  public void loadIndexSnapshot() {
    if (config.indexSnapshot() == null) {
      return;
    }
    try {
      var known = IndexSnapshot.load(config.indexSnapshot());
      index.seed(known.values());
      LOG.info("metadata index: {} file summaries from {}", known.size(), config.indexSnapshot());
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable index snapshot {}: {}", config.indexSnapshot(), e.toString());
    }
  }

  /** Saves the metadata index to {@link QueryConfig#indexSnapshot()} when configured; failures are logged. */
  public synchronized void saveIndexSnapshot() { // the warm-up and close() may both save
    if (config.indexSnapshot() == null) {
      return;
    }
    try {
      IndexSnapshot.save(config.indexSnapshot(), index.knownSummaries());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot save the index snapshot to {}: {}", config.indexSnapshot(), e.toString());
    }
  }

  /** Nodes with rows in {@code range}, sorted by name. */
  public List<NodeInfo> nodes(TimeRange range) {
    checkRange(range);
    Map<String, ContainerInfo> byId = containersIn(range, node -> true);
    Map<String, List<ContainerInfo>> byNode = new TreeMap<>();
    byId.values().forEach(c -> byNode.computeIfAbsent(c.node(), k -> new ArrayList<>()).add(c));
    List<NodeInfo> out = new ArrayList<>();
    byNode.forEach((node, cs) -> out.add(new NodeInfo(node, cs.size(),
        cs.stream().mapToLong(ContainerInfo::firstSeenMs).min().orElse(0),
        cs.stream().mapToLong(ContainerInfo::lastSeenMs).max().orElse(0))));
    return out;
  }

  /**
   * Containers seen in the query's range that pass its filters, one page of them: ranked by the sort metric when
   * given (containers without that metric are left out), else by fuzzy score when searching, else by labels.
   */
  public ContainerPage containers(ContainerQuery q) {
    checkRange(q.range());
    if (q.limit() < 1 || q.limit() > config.maxListLimit()) {
      throw new BadParameterException("limit", "limit must be between 1 and " + config.maxListLimit());
    }
    if (q.offset() < 0) {
      throw new BadParameterException("offset", "offset must be >= 0");
    }
    if (q.sort() != null && !knowsMetric(q.sort().metric(), q.range())) {
      throw new BadParameterException("sort", "unknown metric '" + q.sort().metric() + "' (see /api/metrics)");
    }
    Predicate<String> nodeFilter = q.node() == null ? n -> true : q.node()::equals;
    List<MetadataIndex.PartitionFiles> files = index.files(rawTierPath(), q.range(), nodeFilter);
    String needle = q.name() == null ? null : q.name().toLowerCase(Locale.ROOT);
    List<ContainerInfo> matching = new ArrayList<>();
    Map<String, Integer> fuzzy = new HashMap<>();
    boolean podLabelsNeeded = q.selector() != null && q.selector().needsPodLabels();
    podLabels.refresh(); // the page carries every container's pod labels, selector or not
    for (ContainerInfo c : withTail(containersIn(files, q.range(), nodeFilter), q.range(), nodeFilter).values()) {
      if ((q.namespace() == null || q.namespace().equals(c.namespace()))
          && (q.qos() == null || q.qos().equalsIgnoreCase(c.qos()))
          && (q.metric() == null || c.metrics().contains(q.metric()))
          && (q.sort() == null || c.metrics().contains(q.sort().metric()))
          && (q.selector() == null
              || q.selector().matches(c, podLabelsNeeded ? podLabels.of(c.podUid()) : Map.of()))
          && (needle == null || nameMatches(c, needle))) {
        int score = q.search() == null ? 0 : FuzzyMatch.score(q.search(), c);
        if (score >= 0) {
          fuzzy.put(c.containerId(), score);
          matching.add(c);
        }
      }
    }
    matching.sort(LISTING_ORDER);
    Map<String, Double> values = new HashMap<>();
    if (q.sort() != null) {
      Set<String> ids = new HashSet<>();
      matching.forEach(c -> ids.add(c.containerId()));
      if (q.sort().percentile()) {
        // every value is held at once: refuse up front what could exceed the cap at one sample per second
        long perContainer = q.range().durationMs() / 1000 + 1;
        if (!ids.isEmpty() && perContainer > config.maxPercentileValues() / ids.size()) {
          throw MetricRanker.tooMany(config.maxPercentileValues());
        }
        values.putAll(ranker.percentile(files, q.sort().metric(), q.range(), ids, q.sort().stat(),
            config.maxPercentileValues(), fresh()));
      } else {
        ranker.aggregate(files, q.sort().metric(), q.range(), ids, fresh())
            .forEach((id, a) -> values.put(id, a.stat(q.sort().stat())));
      }
      matching.removeIf(c -> !values.containsKey(c.containerId())); // no rows of the metric within the range
      matching.sort(Comparator.comparingDouble((ContainerInfo c) -> values.get(c.containerId())).reversed());
    } else if (q.search() != null) {
      matching.sort(Comparator.comparingInt((ContainerInfo c) -> fuzzy.get(c.containerId())).reversed());
    }
    int from = Math.min(q.offset(), matching.size());
    int to = Math.min(matching.size(), from + q.limit());
    List<ContainerInfo> page = new ArrayList<>(to - from);
    for (ContainerInfo c : matching.subList(from, to)) { // the page only: a reference to the pod's stored labels
      page.add(c.withLabels(podLabels.of(c.podUid())));
    }
    page = List.copyOf(page);
    Map<String, Double> pageValues = new LinkedHashMap<>();
    if (q.sort() != null) {
      page.forEach(c -> pageValues.put(c.containerId(), values.get(c.containerId())));
    }
    return new ContainerPage(matching.size(), q.offset(), q.limit(), q.range().fromMs(), q.range().toMs(),
        q.sort() == null ? null : q.sort().metric() + ":" + q.sort().stat(), page,
        q.sort() == null ? null : pageValues);
  }

  /** Every catalogued metric plus any other stored one, with how many containers have it in {@code range}. */
  public List<MetricInfo> metrics(TimeRange range) {
    checkRange(range);
    Map<String, Integer> counts = new HashMap<>();
    for (ContainerInfo c : containersIn(range, n -> true).values()) {
      c.metrics().forEach(m -> counts.merge(m, 1, Integer::sum));
    }
    List<MetricInfo> out = new ArrayList<>();
    for (Metric m : Metric.values()) {
      out.add(new MetricInfo(m.key(), m.unit().symbol(), m.kind().name(), m.description(),
          counts.getOrDefault(m.key(), 0)));
    }
    new TreeMap<>(counts).forEach((name, n) -> {
      if (Metric.byKey(name).isEmpty()) {
        out.add(new MetricInfo(name, null, null, null, n));
      }
    });
    return out;
  }

  /** True when {@code name} is catalogued or stored in {@code range}. */
  public boolean knowsMetric(String name, TimeRange range) {
    return Metric.byKey(name).isPresent() || metrics(range).stream().anyMatch(m -> m.name().equals(name));
  }

  /** One series per requested container, downsampled to the query's point budget. */
  public TimeseriesResult timeseries(TimeseriesQuery q) {
    checkRange(q.range());
    if (q.containerIds().isEmpty()) {
      throw new BadParameterException("containers", "at least one container id is required");
    }
    if (q.containerIds().size() > config.maxContainers()) {
      throw new BadParameterException("containers",
          "at most " + config.maxContainers() + " containers per request, got " + q.containerIds().size());
    }
    if (q.maxPoints() < 2 || q.maxPoints() > config.maxPoints()) {
      throw new BadParameterException("points", "points must be between 2 and " + config.maxPoints());
    }
    if (!knowsMetric(q.metric(), q.range())) {
      throw new BadParameterException("metric", "unknown metric '" + q.metric() + "' (see /api/metrics)");
    }
    Map<String, SeriesAccumulator> acc = new HashMap<>();
    Map<String, ContainerInfo> labels = new HashMap<>();
    Set<String> ids = new HashSet<>(q.containerIds());
    TierPlan plan = TierPlan.choose(q.range(), q.maxPoints(),
        TierPlan.wantsRollup(q.range(), q.maxPoints(), q.tier()) ? rollup.coveredUntil(q.range()) : Long.MIN_VALUE,
        q.tier());
    ScanStats stats = new ScanStats(0, 0, 0);
    Map<String, Long> storedUntil = new HashMap<>(); // per container, the last time Parquet answered
    if (plan.rollup() != null) {
      long from = q.range().fromMs(); // the first minute may start before the range: its extremes count at from
      stats = stats.plus(rollup.scan(q.metric(), ids, plan.rollup(), labels, (id, t, min, max) -> {
        acc.computeIfAbsent(id, k -> new SeriesAccumulator(q.range(), q.maxPoints()))
            .addMinMax(Math.max(t, from), min, max);
        storedUntil.merge(id, t + 59_999, Math::max);
      }));
    }
    if (plan.raw() != null) {
      stats = stats.plus(scan(q.metric(), ids, plan.raw(), labels, (id, t, v) -> {
        acc.computeIfAbsent(id, k -> new SeriesAccumulator(q.range(), q.maxPoints())).add(t, v);
        storedUntil.merge(id, t, Math::max);
      }));
    }
    if (tail != null && plan.raw() != null) {
      // the seconds after Parquet's last, per container, from the Kafka tail: Parquet wins where both have a second
      long[] fresh = {0};
      tail.points(q.metric(), ids, plan.raw(), storedUntil, (id, t, v) -> {
        acc.computeIfAbsent(id, k -> new SeriesAccumulator(q.range(), q.maxPoints())).add(t, v);
        fresh[0]++;
      }).forEach((id, c) -> labels.merge(id, c, (stored, tailed) -> stored.merge(tailed)));
      stats = stats.plus(new ScanStats(0, 0, fresh[0]));
    }
    List<TimeseriesResult.Series> series = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : q.containerIds()) {
      SeriesAccumulator a = acc.get(id);
      if (a == null || a.rowsSeen() == 0) {
        missing.add(id);
        continue;
      }
      ContainerInfo c = labels.get(id);
      SeriesAccumulator.Points p = a.points();
      series.add(new TimeseriesResult.Series(id, c.podName(), c.namespace(), c.containerName(), c.node(),
          a.downsampled(), a.rowsSeen(), p.times(), p.values()));
    }
    String unit = Metric.byKey(q.metric()).map(m -> m.unit().symbol()).orElse(null);
    return new TimeseriesResult(q.metric(), unit, q.range().fromMs(), q.range().toMs(), q.maxPoints(), series,
        missing, stats.filesRead(), stats.filesSkipped(), stats.rows(), plan.label());
  }

  /** What a scan read: files opened, files ruled out by the index, rows delivered. */
  record ScanStats(int filesRead, int filesSkipped, long rows) {
    ScanStats plus(ScanStats o) {
      return new ScanStats(filesRead + o.filesRead, filesSkipped + o.filesSkipped, rows + o.rows);
    }
  }

  /**
   * Streams every row of {@code metric} for {@code ids} within {@code range} to {@code sink}, in file order (not
   * time order), opening only the files whose summary holds one of the containers with that metric in the range.
   * The labels of the containers found are merged into {@code labels}.
   */
  ScanStats scan(String metric, Set<String> ids, TimeRange range, Map<String, ContainerInfo> labels,
      SampleRowFiles.ValueSink sink) {
    int read = 0;
    int skipped = 0;
    long rows = 0;
    for (MetadataIndex.PartitionFiles pf : index.files(rawTierPath(), range, n -> true)) {
      // the files holding one of the containers with the metric in the range (a few of a day's hundreds), then those
      // sorted by first time so that rows arrive sorted (no sort at the end); sorting every file of the partition
      // by minTimeMs (a pass over its containers per comparison) cost more than the rest of a cached scan
      List<FileSummary> wanted = new ArrayList<>();
      for (FileSummary f : pf.files()) {
        boolean any = false;
        for (String id : ids) {
          ContainerInfo c = f.containers().get(id);
          if (c != null && c.metrics().contains(metric) && range.overlaps(c.firstSeenMs(), c.lastSeenMs())) {
            any = true;
            break;
          }
        }
        if (any) {
          wanted.add(f);
        } else {
          skipped++;
        }
      }
      Map<FileSummary, Long> firstTime = new java.util.IdentityHashMap<>();
      wanted.forEach(f -> firstTime.put(f, f.minTimeMs()));
      wanted.sort(Comparator.comparingLong(firstTime::get)); // stable: as before among equal first times
      for (FileSummary f : wanted) {
        Set<String> here = new HashSet<>();
        for (String id : ids) {
          ContainerInfo c = f.containers().get(id);
          if (c != null && c.metrics().contains(metric) && range.overlaps(c.firstSeenMs(), c.lastSeenMs())) {
            here.add(id);
            labels.merge(id, c, ContainerInfo::merge);
          }
        }
        read++;
        if (seriesCache != null) {
          Map<String, SeriesCache.Points> cached = seriesCache.get(f, metric);
          for (String id : here) {
            SeriesCache.Points p = cached.get(id);
            if (p == null) {
              continue;
            }
            for (int i = p.firstIndexAtOrAfter(range.fromMs()); i < p.size(); i++) {
              long t = p.time(i);
              if (range.contains(t)) {
                sink.accept(id, t, p.values()[i]);
                rows++;
              }
            }
          }
          continue;
        }
        try {
          rows += SampleRowFiles.readValues(index.fs().open(f.file(), f.sizeBytes()), metric, here, range, sink);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f.file(), e);
        }
      }
    }
    return new ScanStats(read, skipped, rows);
  }

  /**
   * {@link #scan}, then the Kafka tail's points of the same containers after the last second Parquet gave each of
   * them (as {@link #timeseries} merges them: Parquet wins where both have a second, nothing counts twice): what the
   * studies and summaries read, so they reach the current second. The tail's labels are merged into {@code labels}.
   */
  ScanStats scanFresh(String metric, Set<String> ids, TimeRange range, Map<String, ContainerInfo> labels,
      SampleRowFiles.ValueSink sink) {
    Map<String, Long> storedUntil = new HashMap<>();
    ScanStats stats = scan(metric, ids, range, labels, (id, t, v) -> {
      storedUntil.merge(id, t, Math::max);
      sink.accept(id, t, v);
    });
    if (tail == null) {
      return stats;
    }
    long[] fresh = {0};
    tail.points(metric, ids, range, storedUntil, (id, t, v) -> {
      sink.accept(id, t, v);
      fresh[0]++;
    }).forEach((id, c) -> labels.merge(id, c, (stored, tailed) -> stored.merge(tailed)));
    return stats.plus(new ScanStats(0, 0, fresh[0]));
  }

  /** The tail's points after Parquet's last second, for the ranker; null without a tail. */
  private MetricRanker.Fresh fresh() {
    return tail == null ? null
        : (metric, ids, range, storedUntil, sink) -> tail.points(metric, ids, range, storedUntil, sink::accept);
  }

  /**
   * Loads into the series cache, one pass per file, the series of {@code metrics} that the {@link #scan}s of those
   * metrics for {@code ids} in {@code range} will read, so that a request over several metrics (a summary) decodes
   * each file once instead of once per metric. Only a warm-up: without a series cache it does nothing.
   */
  void prefetch(Collection<String> metrics, Set<String> ids, TimeRange range) {
    if (seriesCache == null || metrics.size() < 2) {
      return;
    }
    for (MetadataIndex.PartitionFiles pf : index.files(rawTierPath(), range, n -> true)) {
      for (FileSummary f : pf.files()) {
        Set<String> here = new HashSet<>();
        for (String id : ids) {
          ContainerInfo c = f.containers().get(id);
          if (c != null && range.overlaps(c.firstSeenMs(), c.lastSeenMs())) {
            for (String m : metrics) {
              if (c.metrics().contains(m)) {
                here.add(m);
              }
            }
          }
        }
        if (!here.isEmpty()) {
          seriesCache.prefetch(f, here);
        }
      }
    }
  }

  /** Every container seen in {@code range} on nodes passing {@code nodeFilter}, merged across files, by id. */
  private Map<String, ContainerInfo> containersIn(TimeRange range, Predicate<String> nodeFilter) {
    return withTail(containersIn(index.files(rawTierPath(), range, nodeFilter), range, nodeFilter), range,
        nodeFilter);
  }

  /** Adds the containers of the Kafka tail (new ones, and newer last-seen times and metrics of known ones). */
  private Map<String, ContainerInfo> withTail(Map<String, ContainerInfo> stored, TimeRange range,
      Predicate<String> nodeFilter) {
    if (tail == null) {
      return stored;
    }
    for (ContainerInfo c : tail.containers(range).values()) {
      if (nodeFilter.test(c.node())) {
        stored.merge(c.containerId(), c, ContainerInfo::merge);
      }
    }
    return stored;
  }

  private static Map<String, ContainerInfo> containersIn(
      List<MetadataIndex.PartitionFiles> files, TimeRange range, Predicate<String> nodeFilter) {
    Map<String, ContainerInfo> byId = new LinkedHashMap<>();
    for (MetadataIndex.PartitionFiles pf : files) {
      pf.digest().collect(range, nodeFilter, byId);
    }
    return byId;
  }

  private void checkRange(TimeRange range) {
    if (range.durationMs() > config.maxRange().toMillis()) {
      throw new BadParameterException("from",
          "range of " + range.durationMs() / 1000 + " s exceeds the maximum of " + config.maxRange().toSeconds()
              + " s");
    }
  }

  private static boolean nameMatches(ContainerInfo c, String needle) {
    return contains(c.containerId(), needle) || contains(c.podName(), needle) || contains(c.containerName(), needle)
        || contains(c.namespace(), needle);
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }
}
