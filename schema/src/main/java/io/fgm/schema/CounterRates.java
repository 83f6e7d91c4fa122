package io.fgm.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counter-to-rate rules of fgm, in one place for every reader that derives per-second metrics from cumulative
 * counters (the Flink ingest job and the query service's Kafka tail): pure functions, no state, no clock, no
 * framework.
 *
 * <p>Contract: a rate is {@code (current - previous) / elapsed}, or {@link Double#NaN} ("no rate") when it cannot be
 * known honestly:
 *
 * <ul>
 *   <li>either reading is missing (NaN): a metric that was not collected has no rate, never a rate of 0 (so the
 *       first sample of a container, which has no previous reading, has none);
 *   <li>the current reading is not later than the previous one (a duplicate or out-of-order sample);
 *   <li>the counter went down: it was reset (container or agent restart, a re-created cgroup). The increase since the
 *       reset is unknown, so the interval is skipped rather than guessed (Prometheus-style "assume it restarted from
 *       0" would turn a new container with a large counter into a spike);
 *   <li>more than {@code maxGapMs} passed: after a long gap the counter may have been reset and grown past the old
 *       value, so the delta could hide a reset; an interval that long is no longer a fine-grained rate anyway.
 * </ul>
 *
 * <p>A short gap (a missed sample or two) is fine: the delta is divided by the real elapsed time, so the rate is the
 * average over the gap, never the sum of two seconds reported as one.
 *
 * <p>{@link #derive} applies these rules to every counter of {@link #COUNTERS} and gives the
 * {@link Metric.Kind#DERIVED} metrics, keyed by {@link Metric#key()}: CPU time in µs becomes millicores (µs of CPU
 * per ms of wall time), the throttled ratio is throttled periods / periods (0 when no period elapsed, at most 1),
 * the rest are per-second rates.
 */
public final class CounterRates {
  /** The longest gap over which a counter still gives a rate by default (the Flink job's {@code maxRateGap}). */
  public static final long DEFAULT_MAX_GAP_MS = 60_000;

  /** The counters kept between samples, in the order of {@link #snapshot}'s array. */
  public static final List<Metric> COUNTERS =
      List.of(
          Metric.CPU_USAGE_US,
          Metric.CPU_USER_US,
          Metric.CPU_SYSTEM_US,
          Metric.CPU_NR_PERIODS,
          Metric.CPU_NR_THROTTLED,
          Metric.CPU_THROTTLED_US,
          Metric.IO_READ_BYTES,
          Metric.IO_WRITE_BYTES,
          Metric.IO_READ_OPS,
          Metric.IO_WRITE_OPS,
          Metric.MEMORY_PGFAULT,
          Metric.MEMORY_PGMAJFAULT);

  private static final int USAGE = 0;
  private static final int USER = 1;
  private static final int SYSTEM = 2;
  private static final int PERIODS = 3;
  private static final int THROTTLED = 4;
  private static final int THROTTLED_US = 5;

  /** Plain per-second rates of the counters from index {@link #THROTTLED_US} on, in the same order. */
  private static final List<Metric> PER_SECOND =
      List.of(
          Metric.CPU_THROTTLED_US_PER_S,
          Metric.IO_READ_BYTES_PER_S,
          Metric.IO_WRITE_BYTES_PER_S,
          Metric.IO_READ_OPS_PER_S,
          Metric.IO_WRITE_OPS_PER_S,
          Metric.MEMORY_PGFAULT_PER_S,
          Metric.MEMORY_PGMAJFAULT_PER_S);

  private CounterRates() {}

  /** The increase between the readings, or NaN when there is no trustworthy rate (see the class contract). */
  public static double delta(double previous, long previousMs, double current, long currentMs, long maxGapMs) {
    long elapsedMs = currentMs - previousMs;
    if (Double.isNaN(previous) || Double.isNaN(current) || elapsedMs <= 0 || elapsedMs > maxGapMs) {
      return Double.NaN;
    }
    if (current < previous) {
      return Double.NaN; // reset
    }
    return current - previous;
  }

  /** The increase per second, or NaN under the rules of {@link #delta}. */
  public static double perSecond(double previous, long previousMs, double current, long currentMs, long maxGapMs) {
    double delta = delta(previous, previousMs, current, currentMs, maxGapMs);
    return Double.isNaN(delta) ? Double.NaN : delta * 1000.0 / (currentMs - previousMs);
  }

  /**
   * CPU use in millicores from a CPU-time counter in microseconds: microseconds of CPU per millisecond of wall time
   * is exactly cores × 1000. NaN under the rules of {@link #delta}.
   */
  public static double millicores(double previousUs, long previousMs, double currentUs, long currentMs,
      long maxGapMs) {
    double delta = delta(previousUs, previousMs, currentUs, currentMs, maxGapMs);
    return Double.isNaN(delta) ? Double.NaN : delta / (currentMs - previousMs);
  }

  /** The values of {@link #COUNTERS} in a sample's metrics, NaN where not collected. */
  public static double[] snapshot(Map<String, Double> metrics) {
    double[] values = new double[COUNTERS.size()];
    for (int i = 0; i < values.length; i++) {
      Double v = metrics.get(COUNTERS.get(i).key());
      values[i] = v == null ? Double.NaN : v;
    }
    return values;
  }

  /**
   * The derived metrics from counters {@code previous} (a {@link #snapshot}) at {@code previousMs} to
   * {@code current} at {@code currentMs}, keyed by {@link Metric#key()} in a stable order; a metric without a
   * trustworthy value is absent (never 0, never negative). Empty when {@code previous} is null (a first sample).
   */
  public static Map<String, Double> derive(double[] previous, long previousMs, double[] current, long currentMs,
      long maxGapMs) {
    Map<String, Double> out = new LinkedHashMap<>();
    deriveInto(previous, previousMs, current, currentMs, maxGapMs, out);
    return out;
  }

  /**
   * As {@link #derive}, but puts the derived metrics into {@code out} (typically the caller's copy of the sample's
   * metrics, so that a sample with its rates takes one map, not two) and returns how many it put. Puts nothing when
   * {@code previous} is null.
   */
  public static int deriveInto(double[] previous, long previousMs, double[] current, long currentMs, long maxGapMs,
      Map<String, Double> out) {
    if (previous == null) {
      return 0;
    }
    double[] p = previous;
    double[] c = current;
    long t0 = previousMs;
    long t1 = currentMs;
    int n = 0;
    n += put(out, Metric.CPU_USAGE_MILLICORES, millicores(p[USAGE], t0, c[USAGE], t1, maxGapMs));
    n += put(out, Metric.CPU_USER_MILLICORES, millicores(p[USER], t0, c[USER], t1, maxGapMs));
    n += put(out, Metric.CPU_SYSTEM_MILLICORES, millicores(p[SYSTEM], t0, c[SYSTEM], t1, maxGapMs));
    double periods = delta(p[PERIODS], t0, c[PERIODS], t1, maxGapMs);
    double throttled = delta(p[THROTTLED], t0, c[THROTTLED], t1, maxGapMs);
    if (!Double.isNaN(periods) && !Double.isNaN(throttled)) {
      // no CFS period elapsed means the cgroup did not run: it was not throttled either
      n += put(out, Metric.CPU_THROTTLED_RATIO, periods == 0 ? 0.0 : Math.min(1.0, throttled / periods));
    }
    for (int i = THROTTLED_US; i < COUNTERS.size(); i++) {
      n += put(out, PER_SECOND.get(i - THROTTLED_US), perSecond(p[i], t0, c[i], t1, maxGapMs));
    }
    return n;
  }

  private static int put(Map<String, Double> out, Metric metric, double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    out.put(metric.key(), value);
    return 1;
  }
}
