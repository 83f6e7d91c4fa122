package io.fgm.query;

import io.fgm.query.store.FileSummary;
import io.fgm.query.store.MetadataIndex;
import io.fgm.query.store.RollupFiles;
import io.fgm.query.store.SeriesCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one metric of a few containers from the 1-minute rollup tier, using the same metadata index as the raw
 * tier (rollup files have the raw tier's label columns), so files without the containers are never opened.
 */
final class RollupReader {
  private final MetadataIndex index;
  private final Path root;
  /** Decoded minutes per (file version, metric), every container of the file; null: read the files each time. */
  private final SeriesCache cache;

  RollupReader(MetadataIndex index, Path root, SeriesCache cache) {
    this.index = index;
    this.root = root;
    this.cache = cache;
  }

  /**
   * The end (exclusive) of the last minute the rollup tier holds within {@code range}, or {@code Long.MIN_VALUE}:
   * how far the rollup writer has got. Minutes after it are read from the raw tier.
   */
  long coveredUntil(TimeRange range) {
    long end = Long.MIN_VALUE;
    for (MetadataIndex.PartitionFiles pf : index.files(root, MetadataIndex.Tier.ROLLUP, range, n -> true)) {
      for (FileSummary f : pf.files()) {
        if (f.rows() > 0 && range.overlaps(f.minTimeMs(), f.maxTimeMs())) {
          end = Math.max(end, Math.min(f.maxTimeMs(), range.toMs()) + 60_000);
        }
      }
    }
    return end;
  }

  /** Streams the minutes of {@code metric} for {@code ids} starting in {@code minutes} to {@code sink}. */
  QueryService.ScanStats scan(String metric, Set<String> ids, TimeRange minutes,
      Map<String, ContainerInfo> labels, RollupFiles.MinuteSink sink) {
    int read = 0;
    int skipped = 0;
    long rows = 0;
    List<MetadataIndex.PartitionFiles> files = index.files(root, MetadataIndex.Tier.ROLLUP, minutes, n -> true);
    for (MetadataIndex.PartitionFiles pf : files) {
      for (FileSummary f : pf.files()) {
        Set<String> here = new HashSet<>();
        for (String id : ids) {
          ContainerInfo c = f.containers().get(id);
          if (c != null && c.metrics().contains(metric) && minutes.overlaps(c.firstSeenMs(), c.lastSeenMs())) {
            here.add(id);
            labels.merge(id, c, ContainerInfo::merge);
          }
        }
        if (here.isEmpty()) {
          skipped++;
          continue;
        }
        read++;
        if (cache != null) {
          Map<String, SeriesCache.Points> cached = cache.get(f, metric);
          for (String id : here) {
            SeriesCache.Points p = cached.get(id);
            for (int i = p == null ? 0 : p.firstIndexAtOrAfter(minutes.fromMs()); p != null && i < p.size(); i++) {
              long t = p.time(i);
              if (minutes.contains(t)) {
                sink.accept(id, t, p.values()[i], p.max(i));
                rows++;
              }
            }
          }
          continue;
        }
        try {
          rows += RollupFiles.readMinutes(index.fs().open(f.file(), f.sizeBytes()), metric, here, minutes, sink);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f.file(), e);
        }
      }
    }
    return new QueryService.ScanStats(read, skipped, rows);
  }
}
