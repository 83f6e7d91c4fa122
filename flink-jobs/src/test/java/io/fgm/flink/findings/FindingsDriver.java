package io.fgm.flink.findings;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Finding;
import io.fgm.schema.QosClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Drives {@link ContainerFindings} the way {@link FindingsFunction} does, without Flink: one state, a window end
 * per slide as a timer (re-armed when the timer leaves the window pending). By default timers fire only at the end
 * of input (the watermark lagging behind the whole run, the hardest case for the ring); {@code watermarkFollows}
 * fires them as soon as the samples pass them; {@code watermarkAheadMs} fires them while the container's samples
 * are still that far behind them, as when another partition is read ahead of this container's.
 */
final class FindingsDriver {
  final ContainerFindings core;
  ContainerFindingsState state;
  private final TreeSet<Long> timers = new TreeSet<>();
  /** When > 0, the watermark runs this far ahead of the container's own samples (another partition leads). */
  long watermarkAheadMs;
  final List<Finding> found = new ArrayList<>();

  FindingsDriver(FindingsSettings settings) {
    core = new ContainerFindings(settings);
  }

  static ContainerSample sample(long ms, Map<String, Double> metrics) {
    ContainerRef ref = new ContainerRef("c-1", "pod-1", QosClass.BURSTABLE, "/kubepods/c-1", false, "web-0", "shop",
        "app");
    return new ContainerSample(ms, "node-1", ref, metrics);
  }

  boolean watermarkFollows;

  FindingsDriver feed(ContainerSample s) {
    while (watermarkFollows && !timers.isEmpty() && timers.first() <= s.timestampMs()) {
      fire(timers.pollFirst(), s.timestampMs());
    }
    if (state == null) {
      state = core.newState(s);
    }
    long closed = core.windowClosedBy(state, s.timestampMs());
    if (closed != Long.MIN_VALUE) {
      found.addAll(core.onWindowClosed(state, closed));
    }
    found.addAll(core.onSample(state, s));
    long end = core.windowEndFor(s.timestampMs());
    if (end > state.nextWindowEndMs) {
      timers.add(end);
      state.nextWindowEndMs = end;
    }
    while (watermarkAheadMs > 0 && !timers.isEmpty() && timers.first() <= s.timestampMs() + watermarkAheadMs) {
      fire(timers.pollFirst(), s.timestampMs() + watermarkAheadMs);
    }
    return this;
  }

  private void fire(long timer, long watermarkMs) {
    ContainerFindings.TimerOutcome o = core.onTimer(state, timer, watermarkMs);
    found.addAll(o.findings());
    if (o.retryAtMs() != Long.MIN_VALUE) {
      timers.add(o.retryAtMs());
    }
  }

  /** The end of input: fires every timer left (the final watermark). */
  List<Finding> finish() {
    while (!timers.isEmpty()) {
      fire(timers.pollFirst(), Long.MAX_VALUE);
    }
    return found;
  }
}
