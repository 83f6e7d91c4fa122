package io.fgm.flink.rates;

import java.util.Arrays;

/**
 * The counters of one container at one sample time: what the rate operator keeps in keyed state between samples.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so that its state serializer can evolve. {@link #values} is
 * indexed like {@link DerivedRates#COUNTERS}; NaN marks a counter that was not collected.
 */
public final class CounterSnapshot {
  public long timestampMs;
  public double[] values;

  public CounterSnapshot() {}

  public CounterSnapshot(long timestampMs, double[] values) {
    this.timestampMs = timestampMs;
    this.values = values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CounterSnapshot s && s.timestampMs == timestampMs && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(timestampMs) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "CounterSnapshot{" + timestampMs + ", " + Arrays.toString(values) + "}";
  }
}
