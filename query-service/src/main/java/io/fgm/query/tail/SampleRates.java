package io.fgm.query.tail;

import io.fgm.schema.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derived per-second metrics of one container between two samples, by the same rules as the Flink job
 * ({@code flink-jobs/…/rates/CounterRate} and {@code DerivedRates}; not imported, so the query service does not depend
 * on Flink): a missing counter, a counter that went down (reset), a non-increasing timestamp, or a gap longer than
 * {@code maxGapMs} gives no value (absent, never 0, never negative); a short gap is averaged over the real elapsed
 * time; CPU counters in µs become millicores (µs per ms); the throttled ratio is throttled periods / periods, 0 when no
 * period elapsed, at most 1. {@code SampleRatesTest} pins these rules with the Flink tests' cases.
 */
public final class SampleRates {
  /** The Flink job's default {@code maxRateGap}. */
  public static final long DEFAULT_MAX_GAP_MS = 60_000;

  /** The counters kept between samples, in the order of {@link #snapshot}'s array. */
  static final List<Metric> COUNTERS = List.of(
      Metric.CPU_USAGE_US, Metric.CPU_USER_US, Metric.CPU_SYSTEM_US, Metric.CPU_NR_PERIODS, Metric.CPU_NR_THROTTLED,
      Metric.CPU_THROTTLED_US, Metric.IO_READ_BYTES, Metric.IO_WRITE_BYTES, Metric.IO_READ_OPS, Metric.IO_WRITE_OPS,
      Metric.MEMORY_PGFAULT, Metric.MEMORY_PGMAJFAULT);
  private static final int USAGE = 0;
  private static final int USER = 1;
  private static final int SYSTEM = 2;
  private static final int PERIODS = 3;
  private static final int THROTTLED = 4;
  private static final int THROTTLED_US = 5;
  /** Plain per-second rates, from counter index {@link #THROTTLED_US} on. */
  private static final List<Metric> PER_SECOND = List.of(
      Metric.CPU_THROTTLED_US_PER_S, Metric.IO_READ_BYTES_PER_S, Metric.IO_WRITE_BYTES_PER_S,
      Metric.IO_READ_OPS_PER_S, Metric.IO_WRITE_OPS_PER_S, Metric.MEMORY_PGFAULT_PER_S,
      Metric.MEMORY_PGMAJFAULT_PER_S);

  private SampleRates() {}

  /** The counters of a sample, NaN where not collected. */
  public static double[] snapshot(Map<String, Double> metrics) {
    double[] values = new double[COUNTERS.size()];
    for (int i = 0; i < values.length; i++) {
      Double v = metrics.get(COUNTERS.get(i).key());
      values[i] = v == null ? Double.NaN : v;
    }
    return values;
  }

  /** The derived metrics from counters {@code p} at {@code t0} to {@code c} at {@code t1}, by metric key. */
  public static Map<String, Double> derive(double[] p, long t0, double[] c, long t1, long maxGapMs) {
    Map<String, Double> out = new LinkedHashMap<>();
    put(out, Metric.CPU_USAGE_MILLICORES, millicores(p[USAGE], t0, c[USAGE], t1, maxGapMs));
    put(out, Metric.CPU_USER_MILLICORES, millicores(p[USER], t0, c[USER], t1, maxGapMs));
    put(out, Metric.CPU_SYSTEM_MILLICORES, millicores(p[SYSTEM], t0, c[SYSTEM], t1, maxGapMs));
    double periods = delta(p[PERIODS], t0, c[PERIODS], t1, maxGapMs);
    double throttled = delta(p[THROTTLED], t0, c[THROTTLED], t1, maxGapMs);
    if (!Double.isNaN(periods) && !Double.isNaN(throttled)) {
      put(out, Metric.CPU_THROTTLED_RATIO, periods == 0 ? 0.0 : Math.min(1.0, throttled / periods));
    }
    for (int i = THROTTLED_US; i < COUNTERS.size(); i++) {
      put(out, PER_SECOND.get(i - THROTTLED_US), perSecond(p[i], t0, c[i], t1, maxGapMs));
    }
    return out;
  }

  static double delta(double previous, long previousMs, double current, long currentMs, long maxGapMs) {
    long elapsedMs = currentMs - previousMs;
    if (Double.isNaN(previous) || Double.isNaN(current) || elapsedMs <= 0 || elapsedMs > maxGapMs
        || current < previous) {
      return Double.NaN;
    }
    return current - previous;
  }

  static double perSecond(double previous, long previousMs, double current, long currentMs, long maxGapMs) {
    double d = delta(previous, previousMs, current, currentMs, maxGapMs);
    return Double.isNaN(d) ? Double.NaN : d * 1000.0 / (currentMs - previousMs);
  }

  static double millicores(double previousUs, long previousMs, double currentUs, long currentMs, long maxGapMs) {
    double d = delta(previousUs, previousMs, currentUs, currentMs, maxGapMs);
    return Double.isNaN(d) ? Double.NaN : d / (currentMs - previousMs);
  }

  private static void put(Map<String, Double> out, Metric metric, double value) {
    if (!Double.isNaN(value)) {
      out.put(metric.key(), value);
    }
  }
}
