package io.fgm.query;

import java.util.Arrays;

/**
 * Every point of one series, for the studies (which need the raw values, not a downsampled view). Points may
 * arrive in any order; {@link #sorted()} sorts them and keeps one value per timestamp (the last to arrive), since the
 * studies require strictly increasing timestamps. Bounded: past {@code maxPoints} the series refuses more and
 * {@link #overflowed()} says so. Pure.
 */
final class RawSeries {
  private final int maxPoints;
  private long[] times = new long[64];
  private double[] values = new double[64];
  private int size;
  private boolean overflowed;

  RawSeries(int maxPoints) {
    this.maxPoints = maxPoints;
  }

  void add(long timeMs, double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    if (size == maxPoints) {
      overflowed = true;
      return;
    }
    if (size == times.length) {
      times = Arrays.copyOf(times, Math.min(maxPoints, size * 2));
      values = Arrays.copyOf(values, times.length);
    }
    times[size] = timeMs;
    values[size++] = value;
  }

  boolean overflowed() {
    return overflowed;
  }

  int size() {
    return size;
  }

  /** Sorted by time, one point per timestamp. */
  SeriesAccumulator.Points sorted() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    // stable: among equal timestamps the last added stays last, and wins below
    Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
    long[] t = new long[size];
    double[] v = new double[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      long ti = times[order[i]];
      if (n > 0 && t[n - 1] == ti) {
        v[n - 1] = values[order[i]];
      } else {
        t[n] = ti;
        v[n++] = values[order[i]];
      }
    }
    return new SeriesAccumulator.Points(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
  }

  /**
   * The sorted points placed on a regular grid of {@code intervalMs} from the first point, NaN where a sample is
   * missing: what index-based studies (changepoint, periodicity) need so that a gap is not read as continuity.
   */
  static SeriesAccumulator.Points regular(SeriesAccumulator.Points p, long intervalMs) {
    if (p.size() == 0) {
      return p;
    }
    long t0 = p.times()[0];
    int n = (int) ((p.times()[p.size() - 1] - t0 + intervalMs / 2) / intervalMs) + 1;
    long[] t = new long[n];
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    for (int i = 0; i < n; i++) {
      t[i] = t0 + i * intervalMs;
    }
    for (int i = 0; i < p.size(); i++) {
      int slot = (int) Math.min(n - 1, Math.round((double) (p.times()[i] - t0) / intervalMs));
      v[slot] = p.values()[i];
    }
    return new SeriesAccumulator.Points(t, v);
  }

  /** The median interval between consecutive timestamps, at least 1 ms (1,000 ms with fewer than 2 points). */
  static long medianIntervalMs(long[] times) {
    if (times.length < 2) {
      return 1000;
    }
    long[] d = new long[times.length - 1];
    for (int i = 1; i < times.length; i++) {
      d[i - 1] = times[i] - times[i - 1];
    }
    Arrays.sort(d);
    return Math.max(1, d[d.length / 2]);
  }
}
