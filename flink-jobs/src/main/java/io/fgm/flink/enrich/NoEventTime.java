package io.fgm.flink.enrich;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a stream that has no event time (pod metadata): always "the end of time". A broadcast input joins
 * the operator's watermark as the minimum of both inputs, so a metadata stream without watermarks would stop every
 * event-time window downstream (the rollups) from ever firing.
 */
public final class NoEventTime<T> implements WatermarkStrategy<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
    return new WatermarkGenerator<>() {
      @Override
      public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
      }
    };
  }
}
