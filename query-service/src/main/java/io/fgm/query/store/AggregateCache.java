package io.fgm.query.store;

import io.fgm.query.Aggregate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-file, per-metric aggregates of every container (count, sum, min, max), kept for files that lie wholly
 * inside a ranking's range so that ranking containers by a metric does not re-read them. Keyed by file version
 * (path, size, mtime), least recently used first out, bounded in entries (one entry is one file × one metric).
 */
public final class AggregateCache {
  private record Key(java.nio.file.Path file, long size, long modified, String metric) {}

  private final Map<Key, Map<String, Aggregate>> entries;

  public AggregateCache(int maxEntries) {
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Map<String, Aggregate>> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The cached aggregates of {@code metric} in {@code file}, computing them (outside the lock) when absent. */
  public Map<String, Aggregate> get(FileSummary file, String metric, Supplier<Map<String, Aggregate>> compute) {
    Key key = new Key(file.file(), file.sizeBytes(), file.modifiedMs(), metric);
    synchronized (entries) {
      Map<String, Aggregate> hit = entries.get(key);
      if (hit != null) {
        return hit;
      }
    }
    Map<String, Aggregate> fresh = Map.copyOf(compute.get());
    synchronized (entries) {
      entries.put(key, fresh);
    }
    return fresh;
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
