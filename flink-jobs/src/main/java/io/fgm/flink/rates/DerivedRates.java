package io.fgm.flink.rates;

import io.fgm.schema.CounterRates;
import io.fgm.schema.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the per-second metrics ({@link Metric.Kind#DERIVED}) of one container from two consecutive samples'
 * counters, with the rules every fgm reader shares ({@link CounterRates}: a missing counter, a reset, a duplicate or
 * out-of-order sample, or a gap longer than {@code maxGapMs} gives no value for that metric — absent, never 0 and
 * never negative). This class only adapts them to the {@link CounterSnapshot} the Flink operator keeps in state.
 */
public final class DerivedRates {
  /** The counters kept between samples, in the order of {@link CounterSnapshot#values}. */
  public static final List<Metric> COUNTERS = CounterRates.COUNTERS;
  /** The most derived metrics one sample can get. */
  public static final int DERIVED_MAX =
      (int) java.util.Arrays.stream(Metric.values()).filter(m -> m.kind() == Metric.Kind.DERIVED).count();

  private DerivedRates() {}

  /** The counters of a sample's metrics, NaN where not collected. */
  public static CounterSnapshot snapshot(long timestampMs, Map<String, Double> metrics) {
    return new CounterSnapshot(timestampMs, CounterRates.snapshot(metrics));
  }

  /**
   * The derived metrics from {@code previous} to {@code current}, keyed by {@link Metric#key()}, in a stable order.
   * Empty when {@code previous} is null (the first sample of a container has no rate).
   */
  public static Map<String, Double> derive(CounterSnapshot previous, CounterSnapshot current, long maxGapMs) {
    if (previous == null) {
      return new LinkedHashMap<>();
    }
    return CounterRates.derive(previous.values, previous.timestampMs, current.values, current.timestampMs, maxGapMs);
  }
}
