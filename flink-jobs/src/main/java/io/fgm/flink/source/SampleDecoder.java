package io.fgm.flink.source;

import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleCodec;
import io.fgm.schema.SampleDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Kafka records into {@link ContainerSample}s. A record that does not decode (poison: bad bytes, unknown
 * schema version) goes to the {@link #DEAD_LETTERS} side output with its reason, is counted in the operator metric
 * {@code deadLetters} (and {@code deadLetters_<reason>}), and is logged at most once per {@link #LOG_INTERVAL_MS};
 * the job keeps running.
 */
public final class SampleDecoder extends ProcessFunction<RawRecord, ContainerSample> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SampleDecoder.class);
  static final long LOG_INTERVAL_MS = 10_000;

  /** Side output of the records that could not be decoded. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private transient MetricGroup metrics;
  private transient Counter deadLetters;
  private transient long lastLogMs;
  private transient long unlogged;

  @Override
  public void open(OpenContext openContext) {
    metrics = getRuntimeContext().getMetricGroup();
    deadLetters = metrics.counter("deadLetters");
  }

  @Override
  public void processElement(RawRecord r, Context ctx, Collector<ContainerSample> out) {
    ContainerSample sample;
    try {
      sample = SampleCodec.decode(r.value);
    } catch (SampleDecodeException e) {
      deadLetters.inc();
      metrics.counter("deadLetters_" + e.reason()).inc();
      logRateLimited(r, e);
      ctx.output(DEAD_LETTERS, new DeadLetter(r, e.reason(), e.getMessage()));
      return;
    }
    out.collect(sample);
  }

  private void logRateLimited(RawRecord r, SampleDecodeException e) {
    long now = System.currentTimeMillis();
    if (now - lastLogMs >= LOG_INTERVAL_MS) {
      LOG.warn(
          "dead-lettered record {} ({}): {}; {} more since the last message",
          r.position(), e.reason(), e.getMessage(), unlogged);
      lastLogMs = now;
      unlogged = 0;
    } else {
      unlogged++;
    }
  }
}
