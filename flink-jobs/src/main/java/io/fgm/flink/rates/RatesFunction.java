package io.fgm.flink.rates;

import io.fgm.schema.ContainerSample;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds the derived per-second metrics ({@link DerivedRates}) to each sample of one container, keeping the previous
 * sample's counters in keyed state. The maths lives in {@link DerivedRates}; this class only handles state.
 *
 * <ul>
 *   <li>A sample with the same time as the previous one is a duplicate (an agent retry) and is dropped, so each
 *       (container, metric, time) is stored once.
 *   <li>An older sample than the previous one is passed on with its raw metrics but no rates and does not move the
 *       state back.
 *   <li>State of a container that stops sending expires after {@code stateTtl}; its next sample (if any) starts
 *       afresh, with no rate, like a new container.
 * </ul>
 */
public final class RatesFunction extends KeyedProcessFunction<String, ContainerSample, ContainerSample> {
  private static final long serialVersionUID = 1L;

  private final long maxGapMs;
  private final Duration stateTtl;
  private transient ValueState<CounterSnapshot> previous;
  private transient Counter duplicates;
  private transient Counter outOfOrder;

  public RatesFunction(Duration maxGap, Duration stateTtl) {
    this.maxGapMs = maxGap.toMillis();
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<CounterSnapshot> desc = new ValueStateDescriptor<>("previous-counters", CounterSnapshot.class);
    desc.enableTimeToLive(
        StateTtlConfig.newBuilder(stateTtl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    previous = getRuntimeContext().getState(desc);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateSamples");
    outOfOrder = getRuntimeContext().getMetricGroup().counter("outOfOrderSamples");
  }

  @Override
  public void processElement(ContainerSample sample, Context ctx, Collector<ContainerSample> out) throws Exception {
    CounterSnapshot prev = previous.value();
    if (prev != null && sample.timestampMs() == prev.timestampMs) {
      duplicates.inc();
      return;
    }
    if (prev != null && sample.timestampMs() < prev.timestampMs) {
      outOfOrder.inc();
      out.collect(sample);
      return;
    }
    CounterSnapshot current = DerivedRates.snapshot(sample.timestampMs(), sample.metrics());
    Map<String, Double> derived = DerivedRates.derive(prev, current, maxGapMs);
    previous.update(current);
    out.collect(derived.isEmpty() ? sample : withMetrics(sample, derived));
  }

  private static ContainerSample withMetrics(ContainerSample s, Map<String, Double> extra) {
    Map<String, Double> all = new HashMap<>((s.metrics().size() + extra.size()) * 2);
    all.putAll(s.metrics());
    all.putAll(extra);
    return new ContainerSample(s.timestampMs(), s.node(), s.container(), all);
  }
}
