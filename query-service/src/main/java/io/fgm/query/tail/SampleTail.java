package io.fgm.query.tail;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.CounterRates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The last minutes of the samples topic in memory, so answers reach the current second while Flink has only
 * committed up to its last checkpoint. Pure and thread-safe; the Kafka shell ({@link KafkaTopicTail}) feeds it.
 *
 * <p>Per container it keeps the labels, the previous sample's counters (to derive the per-second metrics exactly as
 * Flink does, {@link CounterRates}: duplicates dropped, an out-of-order sample kept without rates and without moving
 * the counters back) and, per metric, the points of the last {@code window}. Bounded three ways: by age (older than
 * {@code window} before now goes), per series ({@code maxPointsPerSeries}, oldest first) and in total
 * ({@code maxPoints}: when exceeded, every series is cut to an equal share, oldest first). Names missing from the
 * samples are joined from a {@link PodDirectory} when they are read, as the Flink job joins them.
 */
public final class SampleTail {
  private final long windowMs;
  private final int maxPointsPerSeries;
  private final long maxPoints;
  private final long maxGapMs;
  private final LongSupplier nowMs;
  /** Names of the pods from the pod metadata topic, joined at read time (they may arrive after the samples). */
  private final PodDirectory pods;
  private final Map<String, Container> containers = new HashMap<>();
  private long points;
  private long samples;

  /** Points of one series, oldest first, in a growable ring. */
  static final class Series {
    long[] t = new long[16];
    double[] v = new double[16];
    int start;
    int size;

    void add(long time, double value, int max) {
      if (size == max) {
        start = (start + 1) % t.length; // full: the oldest goes
        size--;
      } else if (size == t.length) {
        int cap = Math.min(max, t.length * 2);
        long[] nt = new long[cap];
        double[] nv = new double[cap];
        for (int i = 0; i < size; i++) {
          nt[i] = t[(start + i) % t.length];
          nv[i] = v[(start + i) % v.length];
        }
        t = nt;
        v = nv;
        start = 0;
      }
      int at = (start + size) % t.length;
      t[at] = time;
      v[at] = value;
      size++;
    }

    long time(int i) {
      return t[(start + i) % t.length];
    }

    double value(int i) {
      return v[(start + i) % v.length];
    }

    /** Drops points before {@code minTime} and beyond the newest {@code keep}; returns how many went. */
    int trim(long minTime, int keep) {
      int dropped = 0;
      while (size > 0 && (time(0) < minTime || size > keep)) {
        start = (start + 1) % t.length;
        size--;
        dropped++;
      }
      return dropped;
    }
  }

  private static final class Container {
    ContainerInfo labels;
    long lastMs = Long.MIN_VALUE;
    double[] counters;
    /** The sample times (values unused): first/last seen without walking every metric's points. */
    final Series times = new Series();
    final Map<String, Series> series = new HashMap<>();
  }

  /**
   * @param window how long points are kept (before the current time)
   * @param maxGapMs longest gap over which a counter still gives a rate (the Flink job's {@code maxRateGap})
   * @param nowMs the current time, epoch ms
   */
  public SampleTail(long window, int maxPointsPerSeries, long maxPoints, long maxGapMs, LongSupplier nowMs) {
    this(window, maxPointsPerSeries, maxPoints, maxGapMs, nowMs, null);
  }

  /**
   * @param pods the pods' names, joined to the containers that lack them when they are read (so names that arrive
   *     after a container's first samples still apply); null: the samples' own names only
   */
  public SampleTail(long window, int maxPointsPerSeries, long maxPoints, long maxGapMs, LongSupplier nowMs,
      PodDirectory pods) {
    this.pods = pods;
    this.windowMs = window;
    this.maxPointsPerSeries = maxPointsPerSeries;
    this.maxPoints = maxPoints;
    this.maxGapMs = maxGapMs;
    this.nowMs = nowMs;
  }

  /** Adds one sample (raw metrics and the rates derived from the container's previous sample). */
  public synchronized void add(ContainerSample s) {
    long minTime = nowMs.getAsLong() - windowMs;
    if (s.timestampMs() < minTime) {
      return; // older than the window: Parquet has it, or will
    }
    String key = s.node() + "/" + s.container().containerId();
    Container c = containers.computeIfAbsent(key, k -> new Container());
    if (s.timestampMs() == c.lastMs) {
      return; // a duplicate (an agent retry), as Flink drops it
    }
    Map<String, Double> values = s.metrics();
    if (s.timestampMs() > c.lastMs) {
      double[] counters = CounterRates.snapshot(s.metrics());
      if (c.counters != null) {
        Map<String, Double> derived = CounterRates.derive(c.counters, c.lastMs, counters, s.timestampMs(), maxGapMs);
        if (!derived.isEmpty()) {
          values = new HashMap<>(s.metrics());
          values.putAll(derived);
        }
      }
      c.counters = counters;
      c.lastMs = s.timestampMs();
    } // else out of order: raw metrics only, the counters stay
    for (Map.Entry<String, Double> m : values.entrySet()) {
      if (m.getValue() == null) {
        continue;
      }
      Series series = c.series.computeIfAbsent(m.getKey(), k -> new Series());
      int before = series.size;
      series.add(s.timestampMs(), m.getValue(), maxPointsPerSeries);
      points += series.size - before;
    }
    c.times.add(s.timestampMs(), 0, maxPointsPerSeries);
    ContainerInfo seen = new ContainerInfo(s.container().containerId(), s.container().podUid(),
        s.container().podName(), s.container().namespace(), s.container().containerName(),
        s.container().qos().label(), s.node(), List.of(), s.timestampMs(), s.timestampMs());
    c.labels = c.labels == null ? seen : c.labels.merge(seen);
    samples++;
    if (points > maxPoints) {
      shrink(minTime);
    }
  }

  /**
   * Drops what is older than the window; then, if still over the total bound, cuts every series to an equal share;
   * then, if there are more series than points allowed, forgets the containers that sent last the longest ago.
   */
  private void shrink(long minTime) {
    int seriesCount = containers.values().stream().mapToInt(c -> c.series.size()).sum();
    int share = (int) Math.max(1, Math.min(maxPointsPerSeries, maxPoints * 9 / 10 / Math.max(1, seriesCount)));
    for (var it = containers.values().iterator(); it.hasNext(); ) {
      Container c = it.next();
      for (var s = c.series.values().iterator(); s.hasNext(); ) {
        Series series = s.next();
        points -= series.trim(minTime, points > maxPoints ? share : maxPointsPerSeries);
        if (series.size == 0) {
          s.remove();
        }
      }
      if (c.series.isEmpty() && c.lastMs < minTime) {
        it.remove();
      }
    }
    if (points > maxPoints) { // more series than the bound holds even at one point each: the stalest go
      List<Map.Entry<String, Container>> byAge = new ArrayList<>(containers.entrySet());
      byAge.sort(java.util.Comparator.comparingLong(e -> e.getValue().lastMs));
      for (int i = 0; i < byAge.size() && points > maxPoints * 9 / 10; i++) {
        for (Series series : byAge.get(i).getValue().series.values()) {
          points -= series.size;
        }
        containers.remove(byAge.get(i).getKey());
      }
    }
  }

  /** Drops everything older than the window; called now and then by the shell, so idle memory is returned. */
  public synchronized void expire() {
    long minTime = nowMs.getAsLong() - windowMs;
    for (var it = containers.values().iterator(); it.hasNext(); ) {
      Container c = it.next();
      for (var s = c.series.values().iterator(); s.hasNext(); ) {
        Series series = s.next();
        points -= series.trim(minTime, maxPointsPerSeries);
        if (series.size == 0) {
          s.remove();
        }
      }
      c.times.trim(minTime, maxPointsPerSeries);
      if (c.series.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Points held. */
  public synchronized long points() {
    return points;
  }

  /** Samples taken since start. */
  public synchronized long samples() {
    return samples;
  }

  /** Receives the tail's points of a series. */
  @FunctionalInterface
  public interface PointSink {
    void accept(String containerId, long timeMs, double value);
  }

  /**
   * Streams the points of {@code metric} for {@code ids} within {@code range} after {@code after.get(id)} (the last
   * time Parquet has for that container; absent: all) to {@code sink}, in time order per container.
   *
   * @return the labels of the containers that had points
   */
  public synchronized Map<String, ContainerInfo> points(String metric, Set<String> ids, TimeRange range,
      Map<String, Long> after, PointSink sink) {
    Map<String, ContainerInfo> labels = new HashMap<>();
    long minTime = nowMs.getAsLong() - windowMs;
    for (Container c : containers.values()) {
      if (c.labels == null || !ids.contains(c.labels.containerId())) {
        continue;
      }
      Series s = c.series.get(metric);
      if (s == null) {
        continue;
      }
      String id = c.labels.containerId();
      long from = Math.max(range.fromMs(), Math.max(minTime, after.getOrDefault(id, Long.MIN_VALUE) + 1));
      boolean any = false;
      for (int i = 0; i < s.size; i++) {
        long t = s.time(i);
        if (t >= from && t <= range.toMs()) {
          sink.accept(id, t, s.value(i));
          any = true;
        }
      }
      if (any) {
        labels.merge(id, withMetrics(c), ContainerInfo::merge);
      }
    }
    return labels;
  }

  /** The containers with points within {@code range} (and the window), with the metrics they have, by id. */
  public synchronized Map<String, ContainerInfo> containers(TimeRange range) {
    Map<String, ContainerInfo> out = new HashMap<>();
    long minTime = nowMs.getAsLong() - windowMs;
    for (Container c : containers.values()) {
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (int i = 0; i < c.times.size; i++) {
        long t = c.times.time(i);
        if (t >= minTime && range.contains(t)) {
          first = Math.min(first, t);
          last = Math.max(last, t);
        }
      }
      if (c.labels != null && first <= last) {
        ContainerInfo l = withMetrics(c);
        out.merge(l.containerId(), new ContainerInfo(l.containerId(), l.podUid(), l.podName(), l.namespace(),
            l.containerName(), l.qos(), l.node(), l.metrics(), first, last), ContainerInfo::merge);
      }
    }
    return out;
  }

  private ContainerInfo withMetrics(Container c) {
    ContainerInfo l = pods == null ? c.labels : pods.enrich(c.labels);
    return new ContainerInfo(l.containerId(), l.podUid(), l.podName(), l.namespace(), l.containerName(), l.qos(),
        l.node(), new ArrayList<>(new TreeSet<>(c.series.keySet())), l.firstSeenMs(), l.lastSeenMs());
  }

  @Override
  public synchronized String toString() {
    return "SampleTail[" + containers.size() + " containers, " + points + " points, window " + windowMs + " ms]";
  }
}
