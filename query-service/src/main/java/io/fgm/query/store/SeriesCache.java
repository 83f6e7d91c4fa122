package io.fgm.query.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decoded series of one metric in one data file, for every container in it, kept in memory so that zooming, panning
 * and re-asking (the viewer, an agent's follow-up calls) do not decode the same Parquet pages again. Keyed by file
 * version (path, size, mtime) and metric; least recently used out first, bounded by the total number of points
 * (16 bytes each). Files are immutable once committed, so an entry never goes stale: a rewritten file is a new key.
 */
public final class SeriesCache {
  /**
   * Times (epoch ms) and values of one container in one file, in file order. A series sampled every
   * {@code stepMs} with no gap (the common case: one sample per second) keeps no times at all ({@code times} is
   * null; the i-th time is {@code firstMs + i * stepMs}), which halves its memory: the cache holds twice the points.
   */
  public record Points(long firstMs, long stepMs, long[] times, double[] values, double[] maxValues) {
    public int size() {
      return values.length;
    }

    public long time(int i) {
      return times == null ? firstMs + i * stepMs : times[i];
    }

    /** The first index whose time may be {@code >= fromMs} (exact for regular series, 0 otherwise). */
    public int firstIndexAtOrAfter(long fromMs) {
      if (times != null || fromMs <= firstMs) {
        return 0;
      }
      long i = (fromMs - firstMs + stepMs - 1) / stepMs;
      return (int) Math.min(values.length, i);
    }

    /** The maximum of the i-th minute of a rollup series (its {@code values} are the minima). */
    public double max(int i) {
      return maxValues[i];
    }

    /** Memory in units of 16 bytes (one irregular point). */
    long cost() {
      long n = times == null ? (values.length + 1) / 2 : values.length;
      return maxValues == null ? n : n + (values.length + 1) / 2;
    }

    static Points of(long[] t, double[] v) {
      return of(t, v, null);
    }

    /** Drops the times when they are a gapless regular grid. */
    static Points of(long[] t, double[] v, double[] max) {
      if (t.length >= 2) {
        long step = t[1] - t[0];
        boolean regular = step > 0;
        for (int i = 2; regular && i < t.length; i++) {
          regular = t[i] - t[i - 1] == step;
        }
        if (regular) {
          return new Points(t[0], step, null, v, max);
        }
      }
      return new Points(t.length == 0 ? 0 : t[0], 0, t, v, max);
    }
  }

  private record Key(Path file, long size, long modified, String metric) {}

  private final long maxPoints;
  private final LinkedHashMap<Key, Map<String, Points>> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final Map<Key, Long> sizes = new HashMap<>();
  private long points;

  private final StoreFs fs;
  private final boolean rollup;

  public SeriesCache(long maxPoints) {
    this(LocalStoreFs.INSTANCE, maxPoints);
  }

  public SeriesCache(StoreFs fs, long maxPoints) {
    this(fs, maxPoints, false);
  }

  /**
   * @param rollup true for files of the 1-minute rollup tier: the points are the minutes, {@code values} their
   *     minima and {@code maxValues} their maxima
   */
  public SeriesCache(StoreFs fs, long maxPoints, boolean rollup) {
    this.fs = fs;
    this.maxPoints = maxPoints;
    this.rollup = rollup;
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
    put(key, fresh);
    return fresh;
  }

  /**
   * Decodes the series of those of {@code metrics} that are not cached yet for {@code file}, all in one pass over the
   * file (raw tier; a rollup cache decodes them one by one), so that the {@link #get} calls that follow hit. Reading
   * several metrics of a file metric by metric decodes the time and container columns once per metric.
   */
  public void prefetch(FileSummary file, Set<String> metrics) {
    Set<String> missing = new HashSet<>();
    synchronized (this) {
      for (String m : metrics) {
        if (!entries.containsKey(new Key(file.file(), file.sizeBytes(), file.modifiedMs(), m))) {
          missing.add(m);
        }
      }
    }
    if (missing.size() < 2 || rollup) {
      missing.forEach(m -> get(file, m));
      return;
    }
    Map<String, Map<String, Growable>> acc = new HashMap<>();
    missing.forEach(m -> acc.put(m, new HashMap<>()));
    try {
      SampleRowFiles.readValuesOfMetrics(fs.open(file.file(), file.sizeBytes()), missing,
          (m, id, t, v) -> acc.get(m).computeIfAbsent(id, k -> new Growable(false)).add(t, v, v));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.file(), e);
    }
    acc.forEach((m, byId) -> put(new Key(file.file(), file.sizeBytes(), file.modifiedMs(), m), points(byId)));
  }

  private void put(Key key, Map<String, Points> fresh) {
    long n = fresh.values().stream().mapToLong(Points::cost).sum();
    if (n <= maxPoints) {
      synchronized (this) {
        if (entries.put(key, fresh) == null) {
          sizes.put(key, n);
          points += n;
        }
        evict();
      }
    }
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

  private Map<String, Points> decode(FileSummary file, String metric) {
    Map<String, Growable> acc = new HashMap<>();
    io.fgm.query.TimeRange all = new io.fgm.query.TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);
    try {
      if (rollup) {
        RollupFiles.readMinutes(fs.open(file.file(), file.sizeBytes()), metric, null, all,
            (id, t, min, max) -> acc.computeIfAbsent(id, k -> new Growable(true)).add(t, min, max));
      } else {
        SampleRowFiles.readValues(fs.open(file.file(), file.sizeBytes()), metric, null, all,
            (id, t, v) -> acc.computeIfAbsent(id, k -> new Growable(false)).add(t, v, v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.file(), e);
    }
    return points(acc);
  }

  private static Map<String, Points> points(Map<String, Growable> acc) {
    Map<String, Points> out = new HashMap<>();
    acc.forEach((id, g) -> out.put(id, Points.of(Arrays.copyOf(g.t, g.n), Arrays.copyOf(g.v, g.n),
        g.max == null ? null : Arrays.copyOf(g.max, g.n))));
    return Map.copyOf(out);
  }

  private static final class Growable {
    long[] t = new long[256];
    double[] v = new double[256];
    double[] max;
    int n;

    Growable(boolean withMax) {
      max = withMax ? new double[256] : null;
    }

    void add(long time, double value, double maxValue) {
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
        if (max != null) {
          max = Arrays.copyOf(max, n * 2);
        }
      }
      t[n] = time;
      v[n] = value;
      if (max != null) {
        max[n] = maxValue;
      }
      n++;
    }
  }
}
