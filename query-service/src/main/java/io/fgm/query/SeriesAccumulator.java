package io.fgm.query;

import java.util.Arrays;

/**
 * Collects the points of one series in any order and returns at most {@code maxPoints} of them, sorted by time.
 *
 * <p>Up to {@code maxPoints} points are kept as they are. Past that, the range is cut into
 * {@code maxPoints / 2} equal buckets and each bucket keeps only its minimum and its maximum point (at their own
 * timestamps), so a one-second spike survives any zoom level. Buckets are order-independent, so rows may arrive
 * file by file in any order; memory stays O(maxPoints) however many rows are read. Non-finite values are
 * dropped (JSON cannot carry them).
 */
public final class SeriesAccumulator {
  private final TimeRange range;
  private final int maxPoints;
  private long[] times = new long[16];
  private double[] values = new double[16];
  private int size;
  private long rowsSeen;
  private Buckets buckets;

  public SeriesAccumulator(TimeRange range, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints must be >= 2, was " + maxPoints);
    }
    this.range = range;
    this.maxPoints = maxPoints;
  }

  public void add(long timeMs, double value) {
    if (!Double.isFinite(value) || !range.contains(timeMs)) {
      return;
    }
    rowsSeen++;
    if (buckets != null) {
      buckets.add(timeMs, value);
      return;
    }
    if (size == maxPoints) {
      buckets = new Buckets(range, maxPoints / 2);
      for (int i = 0; i < size; i++) {
        buckets.add(times[i], values[i]);
      }
      times = null;
      values = null;
      buckets.add(timeMs, value);
      return;
    }
    if (size == times.length) {
      int n = Math.min(maxPoints, size * 2);
      times = Arrays.copyOf(times, n);
      values = Arrays.copyOf(values, n);
    }
    times[size] = timeMs;
    values[size] = value;
    size++;
  }

  /**
   * Adds one pre-aggregated row (a rollup minute): its minimum and maximum, both at {@code timeMs}, counted as one
   * row. The bucket extremes stay exact; only their times are coarsened to the minute.
   */
  public void addMinMax(long timeMs, double min, double max) {
    long before = rowsSeen;
    add(timeMs, min);
    if (max != min) {
      add(timeMs, max);
    }
    rowsSeen = Math.min(rowsSeen, before + 1);
  }

  /** Rows accepted (finite, within range) before any downsampling. */
  public long rowsSeen() {
    return rowsSeen;
  }

  public boolean downsampled() {
    return buckets != null;
  }

  /** The points, sorted by time: raw, or min/max per bucket when more than {@code maxPoints} arrived. */
  public Points points() {
    if (buckets != null) {
      return buckets.points();
    }
    boolean sorted = true;
    for (int i = 1; sorted && i < size; i++) {
      sorted = times[i - 1] <= times[i];
    }
    if (sorted) { // the common case: files are scanned in time order, and rows are in time order inside them
      return new Points(Arrays.copyOf(times, size), Arrays.copyOf(values, size));
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
    long[] t = new long[size];
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      t[i] = times[order[i]];
      v[i] = values[order[i]];
    }
    return new Points(t, v);
  }

  /** Parallel arrays of times (epoch ms) and values, sorted by time. */
  public record Points(long[] times, double[] values) {
    public int size() {
      return times.length;
    }
  }

  /** Min and max point of each of n equal-width buckets over the range. */
  private static final class Buckets {
    private final long from;
    private final long width;
    private final long[] minT;
    private final double[] minV;
    private final long[] maxT;
    private final double[] maxV;
    private final boolean[] used;

    Buckets(TimeRange range, int n) {
      from = range.fromMs();
      width = Math.max(1, (range.durationMs() + n) / n); // ceil((duration + 1) / n)
      minT = new long[n];
      minV = new double[n];
      maxT = new long[n];
      maxV = new double[n];
      used = new boolean[n];
    }

    void add(long t, double v) {
      int b = (int) Math.min(used.length - 1, (t - from) / width);
      if (!used[b]) {
        used[b] = true;
        minT[b] = maxT[b] = t;
        minV[b] = maxV[b] = v;
        return;
      }
      // ties keep the earlier point, so the output is the same whatever order rows arrive in
      if (v < minV[b] || (v == minV[b] && t < minT[b])) {
        minV[b] = v;
        minT[b] = t;
      }
      if (v > maxV[b] || (v == maxV[b] && t < maxT[b])) {
        maxV[b] = v;
        maxT[b] = t;
      }
    }

    Points points() {
      long[] t = new long[used.length * 2];
      double[] v = new double[used.length * 2];
      int n = 0;
      for (int b = 0; b < used.length; b++) {
        if (!used[b]) {
          continue;
        }
        boolean minFirst = minT[b] <= maxT[b];
        t[n] = minFirst ? minT[b] : maxT[b];
        v[n++] = minFirst ? minV[b] : maxV[b];
        if (minT[b] != maxT[b] || minV[b] != maxV[b]) {
          t[n] = minFirst ? maxT[b] : minT[b];
          v[n++] = minFirst ? maxV[b] : minV[b];
        }
      }
      return new Points(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
    }
  }
}
