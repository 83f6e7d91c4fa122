package io.fgm.flink.rollup;

import java.util.Map;

/**
 * Running statistics of one metric over a window, as a {@code double[]} so that Flink serializes the per-metric
 * map of a container without Kryo: {@code [min, max, sum, count, last, lastTimeMs]}. Pure functions.
 */
public final class MetricStats {
  public static final int MIN = 0;
  public static final int MAX = 1;
  public static final int SUM = 2;
  public static final int COUNT = 3;
  public static final int LAST = 4;
  public static final int LAST_TIME = 5;

  private MetricStats() {}

  /** Adds one sample's values at {@code timeMs}; NaN values (not collected) are skipped. */
  public static void add(Map<String, double[]> stats, long timeMs, Map<String, Double> values) {
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue();
      if (Double.isNaN(v)) {
        continue;
      }
      double[] s = stats.get(e.getKey());
      if (s == null) {
        stats.put(e.getKey(), new double[] {v, v, v, 1, v, timeMs});
      } else {
        s[MIN] = Math.min(s[MIN], v);
        s[MAX] = Math.max(s[MAX], v);
        s[SUM] += v;
        s[COUNT] += 1;
        if (timeMs >= s[LAST_TIME]) {
          s[LAST] = v;
          s[LAST_TIME] = timeMs;
        }
      }
    }
  }

  /** Merges {@code from} into {@code into} (session or parallel partial aggregates). */
  public static void merge(Map<String, double[]> into, Map<String, double[]> from) {
    for (Map.Entry<String, double[]> e : from.entrySet()) {
      double[] f = e.getValue();
      double[] s = into.get(e.getKey());
      if (s == null) {
        into.put(e.getKey(), f.clone());
      } else {
        s[MIN] = Math.min(s[MIN], f[MIN]);
        s[MAX] = Math.max(s[MAX], f[MAX]);
        s[SUM] += f[SUM];
        s[COUNT] += f[COUNT];
        if (f[LAST_TIME] >= s[LAST_TIME]) {
          s[LAST] = f[LAST];
          s[LAST_TIME] = f[LAST_TIME];
        }
      }
    }
  }

  public static double avg(double[] s) {
    return s[SUM] / s[COUNT];
  }
}
