package io.fgm.query;

import io.fgm.schema.Metric;
import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.ChangepointResult;
import io.fgm.studies.changepoint.Changepoints;
import io.fgm.studies.periodicity.Periodicity;
import io.fgm.studies.periodicity.PeriodicityOptions;
import io.fgm.studies.periodicity.PeriodicityResult;
import io.fgm.studies.summary.Summaries;
import io.fgm.studies.summary.SeriesSummary;
import io.fgm.studies.summary.SummaryOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the studies (module {@code studies}: summaries with trend and leak score, changepoints, periodicity) on
 * raw series read from the store, plus the Kafka tail's seconds after the store's last when the service has a tail
 * ({@link QueryService#scanFresh}). Studies need every point, so a series is bounded by {@code maxPoints} (a
 * {@link BadParameterException} on {@code from} asks for a shorter range), never downsampled.
 * For memory metrics the leak score is measured against the container's memory limit when it has one.
 */
public final class StudyService {
  /** The metrics {@code /api/summary} covers by default, when the container has them. */
  public static final List<String> KEY_METRICS = List.of(
      Metric.CPU_USAGE_MILLICORES.key(),
      Metric.CPU_THROTTLED_RATIO.key(),
      Metric.MEMORY_WORKING_SET_BYTES.key(),
      Metric.MEMORY_CURRENT_BYTES.key(),
      Metric.MEMORY_EVENTS_OOM_KILL.key(),
      Metric.IO_READ_BYTES_PER_S.key(),
      Metric.IO_WRITE_BYTES_PER_S.key(),
      Metric.PIDS_CURRENT.key());
  static final int MAX_GAPS = 10;

  private final QueryService query;
  private final int maxPoints;
  private final boolean prefetch;

  public StudyService(QueryService query, int maxPoints) {
    this(query, maxPoints, true);
  }

  /** {@code prefetch} false: each metric of a summary decodes its files alone (the old way; for benchmarks). */
  public StudyService(QueryService query, int maxPoints, boolean prefetch) {
    this.query = query;
    this.maxPoints = maxPoints;
    this.prefetch = prefetch;
  }

  /** Summaries of {@code metrics} (null or empty: {@link #KEY_METRICS}) for each of {@code ids}. */
  public StudyResults.Summary summary(List<String> ids, List<String> metrics, TimeRange range) {
    List<String> wanted = metrics == null || metrics.isEmpty() ? KEY_METRICS : metrics;
    for (String m : wanted) {
      if (!query.knowsMetric(m, range)) {
        throw new BadParameterException("metrics", "unknown metric '" + m + "' (see /api/metrics)");
      }
    }
    Map<String, ContainerInfo> labels = new HashMap<>();
    Map<String, Map<String, StudyResults.MetricSummary>> byContainer = new HashMap<>();
    Set<String> idSet = Set.copyOf(ids);
    if (prefetch) {
      // one pass per file for all the metrics (and the memory limit) instead of one per metric
      Set<String> all = new java.util.LinkedHashSet<>(wanted);
      if (wanted.stream().anyMatch(m -> m.startsWith("memory."))) {
        all.add(Metric.MEMORY_LIMIT_BYTES.key());
      }
      query.prefetch(all, idSet, range);
    }
    for (String metric : wanted) {
      Map<String, RawSeries> series = read(metric, idSet, range, labels);
      Map<String, Double> limits = metric.startsWith("memory.") ? memoryLimits(series.keySet(), range) : Map.of();
      series.forEach((id, raw) -> {
        SeriesAccumulator.Points p = raw.sorted();
        Double limit = limits.get(id);
        SeriesSummary s = Summaries.summarize(p.values(), p.times(), SummaryOptions.defaults().withLimit(limit));
        byContainer.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(metric, shape(metric, s, limit));
      });
    }
    List<StudyResults.ContainerSummary> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      Map<String, StudyResults.MetricSummary> ms = byContainer.get(id);
      if (ms == null) {
        missing.add(id);
        continue;
      }
      Map<String, StudyResults.MetricSummary> ordered = new LinkedHashMap<>();
      wanted.stream().filter(ms::containsKey).forEach(m -> ordered.put(m, ms.get(m)));
      ContainerInfo c = labels.get(id);
      out.add(new StudyResults.ContainerSummary(id, c.podName(), c.namespace(), c.containerName(), c.qos(), c.node(),
          ordered));
    }
    return new StudyResults.Summary(range.fromMs(), range.toMs(), out, missing);
  }

  /** Changepoints of one metric of one container. */
  public StudyResults.Study<ChangepointResult> changepoint(
      String id, String metric, TimeRange range, ChangepointOptions options) {
    return study("changepoint", id, metric, range,
        p -> Changepoints.detect(p.values(), p.times(), options));
  }

  /** Periodicity of one metric of one container. */
  public StudyResults.Study<PeriodicityResult> periodicity(
      String id, String metric, TimeRange range, PeriodicityOptions options) {
    return study("periodicity", id, metric, range, p -> Periodicity.analyse(p.values(), p.times(), options));
  }

  private <T> StudyResults.Study<T> study(String name, String id, String metric, TimeRange range,
      java.util.function.Function<SeriesAccumulator.Points, T> run) {
    if (!query.knowsMetric(metric, range)) {
      throw new BadParameterException("metric", "unknown metric '" + metric + "' (see /api/metrics)");
    }
    Map<String, ContainerInfo> labels = new HashMap<>();
    RawSeries raw = read(metric, Set.of(id), range, labels).get(id);
    if (raw == null) {
      throw new NotFoundException("container", "container '" + QueryParams.shorten(id) + "' has no " + metric
          + " in the range");
    }
    SeriesAccumulator.Points sorted = raw.sorted();
    long interval = RawSeries.medianIntervalMs(sorted.times());
    SeriesAccumulator.Points grid = RawSeries.regular(sorted, interval);
    if (grid.size() > maxPoints) {
      throw new BadParameterException("from", "the series spans " + grid.size() + " samples, more than the "
          + maxPoints + " a study takes; narrow the range");
    }
    ContainerInfo c = labels.get(id);
    return new StudyResults.Study<>(name, id, c.podName(), c.namespace(), c.containerName(), c.node(), metric,
        unit(metric), range.fromMs(), range.toMs(), grid.size(), interval, run.apply(grid));
  }

  private Map<String, RawSeries> read(String metric, Set<String> ids, TimeRange range,
      Map<String, ContainerInfo> labels) {
    Map<String, RawSeries> series = new HashMap<>();
    query.scanFresh(metric, ids, range, labels, (id, t, v) ->
        series.computeIfAbsent(id, k -> new RawSeries(maxPoints)).add(t, v));
    for (RawSeries s : series.values()) {
      if (s.overflowed()) {
        throw new BadParameterException("from", metric + " has more than " + maxPoints
            + " samples in the range, more than a study takes; narrow the range");
      }
    }
    series.values().removeIf(s -> s.size() == 0);
    return series;
  }

  /** The last memory limit of each container in the range, where it has one. */
  private Map<String, Double> memoryLimits(Set<String> ids, TimeRange range) {
    Map<String, long[]> lastTime = new HashMap<>();
    Map<String, Double> limits = new HashMap<>();
    query.scanFresh(Metric.MEMORY_LIMIT_BYTES.key(), ids, range, new HashMap<>(), (id, t, v) -> {
      long[] last = lastTime.computeIfAbsent(id, k -> new long[] {Long.MIN_VALUE});
      if (t >= last[0] && Double.isFinite(v) && v > 0) {
        last[0] = t;
        limits.put(id, v);
      }
    });
    return limits;
  }

  private static StudyResults.MetricSummary shape(String metric, SeriesSummary s, Double limit) {
    return new StudyResults.MetricSummary(unit(metric), s.count(), s.missingSamples(), s.avg(), s.min(), s.max(),
        s.stddev(), s.p50(), s.p95(), s.p99(), s.last(), s.lastTimeMs(), s.gaps().size(),
        s.gaps().subList(0, Math.min(MAX_GAPS, s.gaps().size())), s.trend(), s.leak(), limit);
  }

  static String unit(String metric) {
    return Metric.byKey(metric).map(m -> m.unit().symbol()).orElse(null);
  }
}
