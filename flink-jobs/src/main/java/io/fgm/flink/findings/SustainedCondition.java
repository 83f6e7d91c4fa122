package io.fgm.flink.findings;

import java.util.ArrayList;
import java.util.List;

/**
 * Detects a per-second value staying above a threshold for a sustained time (CPU throttling, memory near its limit)
 * and says when to (re-)emit: once when the run has lasted {@code sustainMs}, then at most every
 * {@code extendEveryMs} with a later end, and once more when it ends. A plain state machine over (time, value);
 * NaN means "not known this second" and changes nothing. A gap of more than {@link #MAX_GAP_MS} without a value
 * above the threshold ends the run.
 *
 * <p>Public fields and a no-arg constructor: it lives inside the Flink state as a POJO.
 */
public final class SustainedCondition {
  static final long MAX_GAP_MS = 5_000;

  /** Start of the current run, or {@link Long#MIN_VALUE} outside a run. */
  public long startMs = Long.MIN_VALUE;
  /** Last second of the run seen above the threshold. */
  public long lastMs;
  /** end_ms of the last emission of this run, or {@link Long#MIN_VALUE} when not emitted yet. */
  public long emittedEndMs = Long.MIN_VALUE;
  public double sum;
  public long count;
  public double max;

  public SustainedCondition() {}

  /** What to emit after an observation: the run (start, end) and its mean and maximum. */
  public record Emission(long startMs, long endMs, double mean, double max, boolean ended) {}

  /** Feeds one second; returns the emissions due now (usually none; two when a gap ended a run and a new one). */
  public List<Emission> observe(long timeMs, double value, double threshold, long sustainMs, long extendEveryMs) {
    if (Double.isNaN(value) || (startMs != Long.MIN_VALUE && timeMs <= lastMs)) {
      return List.of();
    }
    List<Emission> out = new ArrayList<>(1);
    if (startMs != Long.MIN_VALUE && (value <= threshold || timeMs - lastMs > MAX_GAP_MS)) {
      end(out);
    }
    if (value > threshold) {
      if (startMs == Long.MIN_VALUE) {
        startMs = timeMs;
        emittedEndMs = Long.MIN_VALUE;
        sum = 0;
        count = 0;
        max = value;
      }
      lastMs = timeMs;
      sum += value;
      count++;
      max = Math.max(max, value);
      boolean sustained = lastMs - startMs >= sustainMs;
      if (sustained && (emittedEndMs == Long.MIN_VALUE || lastMs - emittedEndMs >= extendEveryMs)) {
        emittedEndMs = lastMs;
        out.add(new Emission(startMs, lastMs, sum / count, max, false));
      }
    }
    return out;
  }

  /** Ends the current run, with a final emission if the run was reported and its end grew since. */
  private void end(List<Emission> out) {
    if (emittedEndMs != Long.MIN_VALUE && lastMs > emittedEndMs) {
      out.add(new Emission(startMs, lastMs, sum / count, max, true));
    }
    startMs = Long.MIN_VALUE;
    emittedEndMs = Long.MIN_VALUE;
  }

  /** Whether a run is in progress. */
  public boolean active() {
    return startMs != Long.MIN_VALUE;
  }
}
