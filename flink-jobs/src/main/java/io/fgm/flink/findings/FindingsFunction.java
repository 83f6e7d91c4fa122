package io.fgm.flink.findings;

import io.fgm.flink.rates.ContainerStateTtl;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingCodec;
import java.time.Duration;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink shell of {@link ContainerFindings}: per container (keyed by {@code node/containerId}), keeps a
 * {@link ContainerFindingsState} in keyed state (TTL like the rate state), feeds it every sample, and registers one
 * event-time timer per slide at which the window studies run. A timer whose window the container's own samples have
 * not reached yet (its partition lags behind the watermark) is re-armed until they do, or until the study grace
 * has passed ({@link ContainerFindings#onTimer}). Samples arrive with their derived rates and pod names
 * (this operator follows the rates + names operator on the same keys, so it is chained to it). Findings leave as
 * Avro records with the container's names; named containers are also announced on {@link #STARTS} for the restart
 * detector.
 *
 * <p>A study that fails on a window (it should not; bad numbers are the likeliest cause) is counted
 * ({@code studyErrors}), logged at most every 10 s, and skipped: the job keeps running.
 */
public final class FindingsFunction extends KeyedProcessFunction<String, ContainerSample, GenericRecord> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FindingsFunction.class);

  public static final OutputTag<ContainerStart> STARTS = new OutputTag<>("container-starts") {};

  private final ContainerFindings core;
  private final Duration stateTtl;
  private transient ValueState<ContainerFindingsState> state;
  private transient Counter findings;
  private transient Counter studyErrors;
  private transient long lastErrorLogMs;

  public FindingsFunction(FindingsSettings settings, Duration stateTtl) {
    this.core = new ContainerFindings(settings);
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<ContainerFindingsState> desc =
        new ValueStateDescriptor<>("container-findings", ContainerFindingsState.class);
    // Longer than the window: the studies need the window's history, and a container silent this long is gone.
    Duration ttl = stateTtl.compareTo(core.settings().window()) > 0 ? stateTtl : core.settings().window().multipliedBy(2);
    desc.enableTimeToLive(ContainerStateTtl.of(ttl));
    state = getRuntimeContext().getState(desc);
    findings = getRuntimeContext().getMetricGroup().counter("findings");
    studyErrors = getRuntimeContext().getMetricGroup().counter("studyErrors");
  }

  @Override
  public void processElement(ContainerSample sample, Context ctx, Collector<GenericRecord> out) throws Exception {
    ContainerFindingsState st = state.value();
    if (st == null) {
      st = core.newState(sample);
    }
    long closed = core.windowClosedBy(st, sample.timestampMs());
    ContainerFindingsState known = st;
    if (closed != Long.MIN_VALUE) {
      study(closed, ctx.getCurrentKey(), () -> core.onWindowClosed(known, closed), out);
    }
    boolean wasKnown = ContainerStart.known(st);
    emit(core.onSample(st, sample), out);
    if (!wasKnown && ContainerStart.known(st)) {
      ctx.output(STARTS, ContainerStart.of(st));
    }
    long windowEnd = core.windowEndFor(sample.timestampMs());
    if (windowEnd > st.nextWindowEndMs) {
      ctx.timerService().registerEventTimeTimer(windowEnd);
      st.nextWindowEndMs = windowEnd;
    }
    state.update(st);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<GenericRecord> out) throws Exception {
    ContainerFindingsState st = state.value();
    if (st == null) {
      return; // expired
    }
    long endMs = st.nextWindowEndMs;
    ContainerFindings.TimerOutcome[] outcome = {ContainerFindings.TimerOutcome.NONE};
    ContainerFindingsState s = st;
    study(endMs, ctx.getCurrentKey(), () -> {
      outcome[0] = core.onTimer(s, timestamp, ctx.timerService().currentWatermark());
      return outcome[0].findings();
    }, out);
    if (outcome[0].retryAtMs() != Long.MIN_VALUE) {
      // The container's own samples have not reached the window yet (its partition lags): wait for them.
      ctx.timerService().registerEventTimeTimer(outcome[0].retryAtMs());
    }
    if (ContainerStart.known(st)) {
      ctx.output(STARTS, ContainerStart.of(st)); // keeps the restart detector's state alive while the container runs
    }
    state.update(st);
  }

  private void study(long windowEndMs, String key, java.util.function.Supplier<List<Finding>> studies,
      Collector<GenericRecord> out) {
    try {
      emit(studies.get(), out);
    } catch (RuntimeException e) {
      studyErrors.inc();
      long now = System.currentTimeMillis();
      if (now - lastErrorLogMs > 10_000) {
        lastErrorLogMs = now;
        LOG.warn("skipping the studies of container {} for the window ending {}: {}", key, windowEndMs, e.toString(),
            e);
      }
    }
  }

  private void emit(List<Finding> found, Collector<GenericRecord> out) {
    for (Finding f : found) {
      findings.inc();
      out.collect(FindingCodec.toRecord(f));
    }
  }
}
