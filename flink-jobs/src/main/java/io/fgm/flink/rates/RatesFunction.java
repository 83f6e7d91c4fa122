package io.fgm.flink.rates;

import io.fgm.schema.ContainerSample;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Adds the derived per-second metrics ({@link DerivedRates}) to each sample of one container, keeping the previous
 * sample's counters in keyed state ({@link RateTracker}: duplicates dropped, out-of-order samples without rates,
 * state TTL for vanished containers).
 */
public final class RatesFunction extends KeyedProcessFunction<String, ContainerSample, ContainerSample> {
  private static final long serialVersionUID = 1L;

  private final Duration maxGap;
  private final Duration stateTtl;
  private transient RateTracker rates;

  public RatesFunction(Duration maxGap, Duration stateTtl) {
    this.maxGap = maxGap;
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    rates = new RateTracker(getRuntimeContext(), maxGap, stateTtl);
  }

  @Override
  public void processElement(ContainerSample sample, Context ctx, Collector<ContainerSample> out) throws Exception {
    ContainerSample withRates = rates.apply(sample);
    if (withRates != null) {
      out.collect(withRates);
    }
  }
}
