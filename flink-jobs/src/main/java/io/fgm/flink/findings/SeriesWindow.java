package io.fgm.flink.findings;

import java.util.Arrays;

/**
 * The last {@code capacity} seconds of a container's studied series, as rings indexed by epoch second. Only the
 * latest second is stored: slots of seconds skipped when time advances are cleared, so a slot is valid iff its
 * second lies in (latest − capacity, latest]. A series gets its ring when it is first seen (most containers have no
 * PSI), and values are floats (24-bit mantissa: ±64 B on a 1 GiB working set, far below anything a study
 * reports): about 2.4 KiB per series at 10 minutes, since this is checkpointed for every container. A public no-arg
 * constructor and public fields make it a Flink POJO.
 */
public final class SeriesWindow {
  public int capacity;
  /** The latest epoch second stored, or {@link Long#MIN_VALUE} before the first sample. */
  public long latestSecond = Long.MIN_VALUE;
  /** {@code values[series][second mod capacity]}; a null ring: the series was never seen; NaN = not collected. */
  public float[][] values;

  public SeriesWindow() {}

  public SeriesWindow(int capacity, int series) {
    this.capacity = capacity;
    this.values = new float[series][];
  }

  public int capacity() {
    return capacity;
  }

  /** Stores the values of one sample (indexed like {@link StudiedSeries}; NaN = absent) at its second. */
  public void put(long timestampMs, double[] sample) {
    long second = Math.floorDiv(timestampMs, 1000);
    if (latestSecond == Long.MIN_VALUE) {
      latestSecond = second;
    } else if (second > latestSecond) {
      long skipped = Math.min(second - latestSecond, capacity);
      for (long s = second - skipped + 1; s <= second; s++) {
        clear(slot(s));
      }
      latestSecond = second;
    } else if (second <= latestSecond - capacity) {
      return; // older than the window: nothing to study it with
    }
    int slot = slot(second);
    for (int s = 0; s < sample.length; s++) {
      double v = sample[s];
      float[] ring = values[s];
      if (ring == null) {
        if (Double.isNaN(v)) {
          continue;
        }
        ring = new float[capacity];
        Arrays.fill(ring, Float.NaN);
        values[s] = ring;
      }
      ring[slot] = (float) v;
    }
  }

  private void clear(int slot) {
    for (float[] ring : values) {
      if (ring != null) {
        ring[slot] = Float.NaN;
      }
    }
  }

  private int slot(long second) {
    return (int) Math.floorMod(second, (long) capacity);
  }

  /** Whether the series was ever seen (so studying it can give anything). */
  public boolean has(StudiedSeries series) {
    return values[series.ordinal()] != null;
  }

  /**
   * The values of one series for the {@code capacity} seconds before {@code endMs} (exclusive), one per second, NaN
   * where there was no sample; the matching times are {@link #times(long)}.
   */
  public double[] series(StudiedSeries series, long endMs) {
    long first = Math.floorDiv(endMs, 1000) - capacity;
    double[] out = new double[capacity];
    float[] ring = values[series.ordinal()];
    for (int i = 0; i < capacity; i++) {
      long second = first + i;
      boolean stored = ring != null && second <= latestSecond && second > latestSecond - capacity;
      out[i] = stored ? ring[slot(second)] : Double.NaN;
    }
    return out;
  }

  /** Epoch ms of each value of {@link #series}: strictly increasing, one per second. */
  public long[] times(long endMs) {
    long first = Math.floorDiv(endMs, 1000) - capacity;
    long[] out = new long[capacity];
    for (int i = 0; i < capacity; i++) {
      out[i] = (first + i) * 1000;
    }
    return out;
  }

  static int present(double[] values) {
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        n++;
      }
    }
    return n;
  }
}
