package io.fgm.query;

import io.fgm.query.store.AggregateCache;
import io.fgm.query.store.FileSummary;
import io.fgm.query.store.MetadataIndex;
import io.fgm.query.store.SampleRowFiles;
import io.fgm.studies.summary.Percentiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregates one metric per container over a range (count, sum, min, max), to rank containers. Files wholly
 * inside the range are aggregated once for every container and cached ({@link AggregateCache}); only the few
 * files straddling the range's ends are read with the range and container predicates each time. Results are
 * exact either way. With a {@link Fresh} source (the Kafka tail), each container's values after the last second
 * Parquet gave count too, as in the time series: Parquet wins where both have a second, nothing is counted twice.
 */
final class MetricRanker {
  /** The points of {@code metric} for {@code ids} in {@code range} after {@code storedUntil.get(id)} (absent: all). */
  @FunctionalInterface
  interface Fresh {
    void after(String metric, Set<String> ids, TimeRange range, Map<String, Long> storedUntil,
        SampleRowFiles.ValueSink sink);
  }

  private final AggregateCache cache;
  private final io.fgm.query.store.StoreFs fs;

  MetricRanker(io.fgm.query.store.StoreFs fs, AggregateCache cache) {
    this.fs = fs;
    this.cache = cache;
  }

  Map<String, Aggregate> aggregate(List<MetadataIndex.PartitionFiles> partitions, String metric, TimeRange range,
      Set<String> ids, Fresh fresh) {
    Map<String, Aggregate> out = new HashMap<>();
    for (MetadataIndex.PartitionFiles pf : partitions) {
      for (FileSummary f : pf.files()) {
        if (!holdsAny(f, metric, range, ids)) {
          continue;
        }
        if (range.contains(f.minTimeMs()) && range.contains(f.maxTimeMs())) {
          Map<String, Aggregate> whole = cache.get(f, metric, () -> read(f, metric, null, range));
          ids.forEach(id -> {
            Aggregate a = whole.get(id);
            if (a != null) {
              out.merge(id, a, Aggregate::merge);
            }
          });
        } else {
          read(f, metric, ids, range).forEach((id, a) -> out.merge(id, a, Aggregate::merge));
        }
      }
    }
    if (fresh != null) {
      Map<String, Long> storedUntil = new HashMap<>();
      out.forEach((id, a) -> storedUntil.put(id, a.lastTimeMs()));
      fresh.after(metric, ids, range, storedUntil, (id, t, v) -> {
        if (Double.isFinite(v)) {
          out.merge(id, Aggregate.EMPTY.add(t, v), Aggregate::merge);
        }
      });
    }
    return out;
  }

  /**
   * The exact percentile {@code stat} ({@code p50}, {@code p95}, {@code p99}) of each container's finite values of
   * {@code metric} within {@code range} (and {@code fresh}'s after them), with the studies' {@link Percentiles#type7}
   * (R's type 7, as in the summaries); containers without a value are absent.
   * Every value is held in memory at once, at most {@code maxValues} of them (else a {@link BadParameterException}
   * naming {@code sort}); files are read with the range and container predicates (no cache).
   */
  Map<String, Double> percentile(List<MetadataIndex.PartitionFiles> partitions, String metric, TimeRange range,
      Set<String> ids, String stat, long maxValues, Fresh fresh) {
    Map<String, Values> values = new HashMap<>();
    Map<String, Long> storedUntil = new HashMap<>();
    long[] total = {0};
    SampleRowFiles.ValueSink add = (id, t, v) -> {
      if (Double.isFinite(v)) {
        if (++total[0] > maxValues) {
          throw tooMany(maxValues);
        }
        values.computeIfAbsent(id, k -> new Values()).add(v);
      }
    };
    for (MetadataIndex.PartitionFiles pf : partitions) {
      for (FileSummary f : pf.files()) {
        if (!holdsAny(f, metric, range, ids)) {
          continue;
        }
        try {
          SampleRowFiles.readValues(fs.open(f.file(), f.sizeBytes()), metric, ids, range, (id, t, v) -> {
            storedUntil.merge(id, t, Math::max);
            add.accept(id, t, v);
          });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f.file(), e);
        }
      }
    }
    if (fresh != null) {
      fresh.after(metric, ids, range, storedUntil, add);
    }
    Map<String, Double> out = new HashMap<>();
    double p = switch (stat) {
      case "p50" -> 0.50;
      case "p95" -> 0.95;
      case "p99" -> 0.99;
      default -> throw new IllegalArgumentException("unsupported percentile " + stat);
    };
    values.forEach((id, v) -> {
      double[] sorted = v.toArray();
      Arrays.sort(sorted);
      out.put(id, Percentiles.type7(sorted, p));
    });
    return out;
  }

  static BadParameterException tooMany(long maxValues) {
    return new BadParameterException("sort", "a percentile statistic holds every value of the range in memory: "
        + "range seconds x containers must stay within " + maxValues + "; narrow the range or filter the containers "
        + "(node, namespace, selector), or sort by avg/max/min");
  }

  /** A growable array of doubles. */
  private static final class Values {
    private double[] a = new double[64];
    private int n;

    void add(double v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  private static boolean holdsAny(FileSummary f, String metric, TimeRange range, Set<String> ids) {
    for (String id : ids) {
      ContainerInfo c = f.containers().get(id);
      if (c != null && c.metrics().contains(metric) && range.overlaps(c.firstSeenMs(), c.lastSeenMs())) {
        return true;
      }
    }
    return false;
  }

  private Map<String, Aggregate> read(FileSummary f, String metric, Set<String> ids, TimeRange range) {
    Map<String, Aggregate> acc = new HashMap<>();
    try {
      SampleRowFiles.readValues(fs.open(f.file(), f.sizeBytes()), metric, ids, range, (id, t, v) -> {
        if (Double.isFinite(v)) {
          acc.merge(id, Aggregate.EMPTY.add(t, v), Aggregate::merge);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f.file(), e);
    }
    return acc;
  }
}
