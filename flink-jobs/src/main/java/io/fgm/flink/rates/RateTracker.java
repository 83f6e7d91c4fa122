package io.fgm.flink.rates;

import io.fgm.schema.ContainerSample;
import io.fgm.schema.CounterRates;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;

/**
 * The keyed-state part of the rate operators: loads the container's previous counters, derives the rates
 * ({@link DerivedRates}) and stores the new counters. Shared by {@link RatesFunction} and the enriching variant.
 *
 * <ul>
 *   <li>A sample with the same time as the previous one is a duplicate (an agent retry) and is dropped, so each
 *       (container, metric, time) is stored once (metric {@code duplicateSamples}).
 *   <li>An older sample than the previous one is passed on with its raw metrics but no rates and does not move the
 *       state back (metric {@code outOfOrderSamples}).
 *   <li>Values of metrics the catalogue does not know are counted and logged ({@link UnknownMetrics}): the raw
 *       tier has no column for them.
 *   <li>State of a container that stops sending expires after {@code stateTtl}; its next sample (if any) starts
 *       afresh, with no rate, like a new container.
 * </ul>
 */
public final class RateTracker {
  private final long maxGapMs;
  private final ValueState<CounterSnapshot> previous;
  private final Counter duplicates;
  private final Counter outOfOrder;
  private final UnknownMetrics unknownMetrics;

  /** Registers the keyed state and metrics in {@code ctx}; call from {@code open()}. */
  public RateTracker(RuntimeContext ctx, Duration maxGap, Duration stateTtl) {
    this.maxGapMs = maxGap.toMillis();
    ValueStateDescriptor<CounterSnapshot> desc = new ValueStateDescriptor<>("previous-counters", CounterSnapshot.class);
    desc.enableTimeToLive(ContainerStateTtl.of(stateTtl));
    previous = ctx.getState(desc);
    duplicates = ctx.getMetricGroup().counter("duplicateSamples");
    outOfOrder = ctx.getMetricGroup().counter("outOfOrderSamples");
    unknownMetrics = new UnknownMetrics(ctx.getMetricGroup());
  }

  /** The sample with its derived rates added, or null when it is a duplicate to drop. */
  public ContainerSample apply(ContainerSample sample) throws IOException {
    CounterSnapshot prev = previous.value();
    if (prev != null && sample.timestampMs() == prev.timestampMs) {
      duplicates.inc();
      return null;
    }
    unknownMetrics.count(sample.metrics());
    if (prev != null && sample.timestampMs() < prev.timestampMs) {
      outOfOrder.inc();
      return sample;
    }
    CounterSnapshot current = DerivedRates.snapshot(sample.timestampMs(), sample.metrics());
    previous.update(current);
    if (prev == null) {
      return sample;
    }
    // The rates go into a view over the sample's own metrics (RatedMetrics): no copy of the raw metrics.
    RatedMetrics rated = new RatedMetrics(sample.metrics());
    CounterRates.deriveInto(prev.values, prev.timestampMs, current.values, current.timestampMs, maxGapMs, rated);
    if (rated.derived() == 0) {
      return sample;
    }
    Map<String, Double> all = rated.seal();
    if (rated.overlapsRaw()) { // the sample carried a derived metric itself: the derived value wins, as in a copy
      all = new HashMap<>(capacityFor(sample.metrics().size() + rated.derived()));
      all.putAll(rated); // raw entries first, then the rates over them
    }
    return new ContainerSample(sample.timestampMs(), sample.node(), sample.container(), all);
  }

  /** A HashMap capacity that holds {@code n} entries without resizing. */
  private static int capacityFor(int n) {
    return (int) (n / 0.75f) + 1;
  }
}
