package io.fgm.flink.rollup;

import io.fgm.schema.ContainerSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts samples that arrived after their rollup window closed (metric {@code lateSamples}) and drops them: they
 * are stored in the raw tier, only the minute's rollup misses them. Raise the out-of-orderness if this grows.
 */
public final class LateSampleCounter extends ProcessFunction<ContainerSample, ContainerSample> {
  private static final long serialVersionUID = 1L;
  private transient Counter late;

  @Override
  public void open(OpenContext openContext) {
    late = getRuntimeContext().getMetricGroup().counter("lateSamples");
  }

  @Override
  public void processElement(ContainerSample s, Context ctx, Collector<ContainerSample> out) {
    late.inc();
  }
}
