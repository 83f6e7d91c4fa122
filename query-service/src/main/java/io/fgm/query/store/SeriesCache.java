package io.fgm.query.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded series of one metric in one data file, for every container in it, kept in memory so that zooming, panning
 * and re-asking (the viewer, an agent's follow-up calls) do not decode the same Parquet pages again. Keyed by file
 * version (path, size, mtime) and metric; least recently used out first, bounded by the total number of points
 * (16 bytes each). Files are immutable once committed, so an entry never goes stale: a rewritten file is a new key.
 */
public final class SeriesCache {
  /** Times (epoch ms) and values of one container in one file, in file order. */
  public record Points(long[] times, double[] values) {}

  private record Key(Path file, long size, long modified, String metric) {}

  private final long maxPoints;
  private final LinkedHashMap<Key, Map<String, Points>> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<Key, Long> sizes = new HashMap<>();
  private long points;

  public SeriesCache(long maxPoints) {
    this.maxPoints = maxPoints;
  }

  /** The series of {@code metric} in {@code file}, per container id, decoding the file when not cached. */
  public Map<String, Points> get(FileSummary file, String metric) {
    Key key = new Key(file.file(), file.sizeBytes(), file.modifiedMs(), metric);
    synchronized (this) {
      Map<String, Points> hit = entries.get(key);
      if (hit != null) {
        return hit;
      }
    }
    Map<String, Points> fresh = decode(file, metric);
    long n = fresh.values().stream().mapToLong(p -> p.times().length).sum();
    if (n <= maxPoints) {
      synchronized (this) {
        if (entries.put(key, fresh) == null) {
          sizes.put(key, n);
          points += n;
        }
        evict();
      }
    }
    return fresh;
  }

  public synchronized long cachedPoints() {
    return points;
  }

  private void evict() {
    Iterator<Map.Entry<Key, Map<String, Points>>> it = entries.entrySet().iterator();
    while (points > maxPoints && it.hasNext()) {
      Key k = it.next().getKey();
      it.remove();
      points -= sizes.remove(k);
    }
  }

  private static Map<String, Points> decode(FileSummary file, String metric) {
    Map<String, Growable> acc = new HashMap<>();
    try {
      MetricRowFiles.readValues(file.file(), metric, null, new io.fgm.query.TimeRange(Long.MIN_VALUE, Long.MAX_VALUE),
          (id, t, v) -> acc.computeIfAbsent(id, k -> new Growable()).add(t, v));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.file(), e);
    }
    Map<String, Points> out = new HashMap<>();
    acc.forEach((id, g) -> out.put(id, new Points(Arrays.copyOf(g.t, g.n), Arrays.copyOf(g.v, g.n))));
    return Map.copyOf(out);
  }

  private static final class Growable {
    long[] t = new long[256];
    double[] v = new double[256];
    int n;

    void add(long time, double value) {
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
      }
      t[n] = time;
      v[n++] = value;
    }
  }
}
