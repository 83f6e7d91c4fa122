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
 * per slide as a timer. By default timers fire only at the end of input (the watermark lagging behind the whole
 * run, the hardest case for the ring); {@code watermarkFollows} fires them as soon as the samples pass them.
 */
final class FindingsDriver {
  final ContainerFindings core;
  ContainerFindingsState state;
  private final TreeSet<Long> timers = new TreeSet<>();
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
      found.addAll(core.onWindowEnd(state, timers.pollFirst()));
    }
    if (state == null) {
      state = core.newState(s);
    }
    long closed = core.windowClosedBy(state, s.timestampMs());
    if (closed != Long.MIN_VALUE) {
      found.addAll(core.onWindowEnd(state, closed));
    }
    found.addAll(core.onSample(state, s));
    long end = core.windowEndFor(s.timestampMs());
    if (end > state.nextWindowEndMs) {
      timers.add(end);
      state.nextWindowEndMs = end;
    }
    return this;
  }

  /** The end of input: fires every timer left (the final watermark). */
  List<Finding> finish() {
    while (!timers.isEmpty()) {
      found.addAll(core.onWindowEnd(state, timers.pollFirst()));
    }
    return found;
  }
}
