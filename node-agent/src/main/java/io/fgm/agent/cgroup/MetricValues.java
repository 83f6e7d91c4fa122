package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;
import java.util.Arrays;
import java.util.Map;

/**
 * A reusable set of metric readings for one container and one pass, indexed by {@link Metric#ordinal()}.
 *
 * <p>Absent ("not collected") is a distinct state, never zero: a parser that cannot read a value leaves it absent.
 * Not thread-safe; one instance per sampling thread, {@link #clear()}ed between containers, so a pass allocates
 * nothing per container until {@link #toMap()}.
 */
public final class MetricValues {
  private static final Metric[] METRICS = Metric.values();
  private final double[] values = new double[METRICS.length];

  public MetricValues() {
    clear();
  }

  public void clear() {
    Arrays.fill(values, Double.NaN);
  }

  public void set(Metric m, double v) {
    values[m.ordinal()] = v;
  }

  /** Adds {@code v} to the current value, treating absent as zero (for sums over devices or processes). */
  public void add(Metric m, double v) {
    double cur = values[m.ordinal()];
    values[m.ordinal()] = Double.isNaN(cur) ? v : cur + v;
  }

  public void remove(Metric m) {
    values[m.ordinal()] = Double.NaN;
  }

  public boolean has(Metric m) {
    return !Double.isNaN(values[m.ordinal()]);
  }

  /** The value, or NaN when absent. */
  public double get(Metric m) {
    return values[m.ordinal()];
  }

  public int size() {
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        n++;
      }
    }
    return n;
  }

  /** The present values keyed by {@link Metric#key()}, in catalogue order: an immutable {@link MetricMap}. */
  public Map<String, Double> toMap() {
    int n = size();
    short[] ordinals = new short[n];
    double[] present = new double[n];
    int j = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        ordinals[j] = (short) i;
        present[j++] = values[i];
      }
    }
    return new MetricMap(ordinals, present);
  }
}
