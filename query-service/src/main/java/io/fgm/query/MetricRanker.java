package io.fgm.query;

import io.fgm.query.store.AggregateCache;
import io.fgm.query.store.FileSummary;
import io.fgm.query.store.MetadataIndex;
import io.fgm.query.store.MetricRowFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aggregates one metric per container over a range (count, sum, min, max), to rank containers. Files wholly
 * inside the range are aggregated once for every container and cached ({@link AggregateCache}); only the few
 * files straddling the range's ends are read with the range and container predicates each time. Results are
 * exact either way.
 */
final class MetricRanker {
  private final AggregateCache cache;
  private final io.fgm.query.store.StoreFs fs;

  MetricRanker(io.fgm.query.store.StoreFs fs, AggregateCache cache) {
    this.fs = fs;
    this.cache = cache;
  }

  Map<String, Aggregate> aggregate(
      List<MetadataIndex.PartitionFiles> partitions, String metric, TimeRange range, Set<String> ids) {
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
    return out;
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
      MetricRowFiles.readValues(fs.open(f.file(), f.sizeBytes()), metric, ids, range, (id, t, v) -> {
        if (Double.isFinite(v)) {
          acc.merge(id, Aggregate.EMPTY.add(v), Aggregate::merge);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f.file(), e);
    }
    return acc;
  }
}
