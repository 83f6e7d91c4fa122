package io.fgm.flink.rates;

import io.fgm.schema.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the per-second metrics ({@link Metric.Kind#DERIVED}) of one container from two consecutive samples' counters.
 * Pure: the Flink operator only loads and stores the {@link CounterSnapshot}.
 *
 * <p>Every rate follows {@link CounterRate}'s contract: a missing counter, a reset, a duplicate or out-of-order
 * sample, or a gap longer than {@code maxGapMs} gives no value for that metric (absent, never 0 and never negative).
 */
public final class DerivedRates {
  /** The counters kept between samples, in the order of {@link CounterSnapshot#values}. */
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

  /** Plain per-second rates: counter index → derived metric. */
  private static final Map<Integer, Metric> PER_SECOND =
      Map.of(
          5, Metric.CPU_THROTTLED_US_PER_S,
          6, Metric.IO_READ_BYTES_PER_S,
          7, Metric.IO_WRITE_BYTES_PER_S,
          8, Metric.IO_READ_OPS_PER_S,
          9, Metric.IO_WRITE_OPS_PER_S,
          10, Metric.MEMORY_PGFAULT_PER_S,
          11, Metric.MEMORY_PGMAJFAULT_PER_S);

  private DerivedRates() {}

  /** The counters of a sample's metrics, NaN where not collected. */
  public static CounterSnapshot snapshot(long timestampMs, Map<String, Double> metrics) {
    double[] values = new double[COUNTERS.size()];
    for (int i = 0; i < values.length; i++) {
      Double v = metrics.get(COUNTERS.get(i).key());
      values[i] = v == null ? Double.NaN : v;
    }
    return new CounterSnapshot(timestampMs, values);
  }

  /**
   * The derived metrics from {@code previous} to {@code current}, keyed by {@link Metric#key()}, in a stable order.
   * Empty when {@code previous} is null (the first sample of a container has no rate).
   */
  public static Map<String, Double> derive(CounterSnapshot previous, CounterSnapshot current, long maxGapMs) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (previous == null) {
      return out;
    }
    long t0 = previous.timestampMs;
    long t1 = current.timestampMs;
    double[] p = previous.values;
    double[] c = current.values;
    put(out, Metric.CPU_USAGE_MILLICORES, CounterRate.millicores(p[USAGE], t0, c[USAGE], t1, maxGapMs));
    put(out, Metric.CPU_USER_MILLICORES, CounterRate.millicores(p[USER], t0, c[USER], t1, maxGapMs));
    put(out, Metric.CPU_SYSTEM_MILLICORES, CounterRate.millicores(p[SYSTEM], t0, c[SYSTEM], t1, maxGapMs));
    double periods = CounterRate.delta(p[PERIODS], t0, c[PERIODS], t1, maxGapMs);
    double throttled = CounterRate.delta(p[THROTTLED], t0, c[THROTTLED], t1, maxGapMs);
    if (!Double.isNaN(periods) && !Double.isNaN(throttled)) {
      // No CFS period elapsed means the cgroup did not run: it was not throttled either.
      put(out, Metric.CPU_THROTTLED_RATIO, periods == 0 ? 0.0 : Math.min(1.0, throttled / periods));
    }
    for (int i = THROTTLED_US; i < COUNTERS.size(); i++) {
      put(out, PER_SECOND.get(i), CounterRate.perSecond(p[i], t0, c[i], t1, maxGapMs));
    }
    return out;
  }

  private static void put(Map<String, Double> out, Metric metric, double value) {
    if (!Double.isNaN(value)) {
      out.put(metric.key(), value);
    }
  }
}
