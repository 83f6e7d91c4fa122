package io.fgm.flink.findings;

import io.fgm.schema.FindingCodec;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The Flink shell of {@link RestartDetector}, keyed by {@link ContainerStart#podContainerKey()}: remembers the newest
 * container id of each pod container and emits RESTART when a newer one appears.
 */
public final class RestartFunction extends KeyedProcessFunction<String, ContainerStart, GenericRecord> {
  private static final long serialVersionUID = 1L;
  private final Duration stateTtl;
  private transient ValueState<ContainerStart> latest;

  public RestartFunction(Duration stateTtl) {
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<ContainerStart> desc = new ValueStateDescriptor<>("latest-container", ContainerStart.class);
    desc.enableTimeToLive(
        StateTtlConfig.newBuilder(stateTtl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    latest = getRuntimeContext().getState(desc);
  }

  @Override
  public void processElement(ContainerStart next, Context ctx, Collector<GenericRecord> out) throws Exception {
    RestartDetector.Step step = RestartDetector.observe(latest.value(), next);
    if (step.restart() != null) {
      out.collect(FindingCodec.toRecord(step.restart()));
    }
    latest.update(step.remember()); // also refreshes the TTL while the container keeps announcing itself
  }
}
