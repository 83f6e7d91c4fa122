package io.fgm.flink.rates;

/**
 * Per-second rate of a cumulative counter between two readings: a pure function, no state and no clock.
 *
 * <p>Contract: the rate is {@code (current - previous) / elapsed seconds}, or {@link Double#NaN} ("no rate") when it
 * cannot be known honestly:
 *
 * <ul>
 *   <li>either reading is missing (NaN): a metric that was not collected has no rate, never a rate of 0;
 *   <li>the current reading is not later than the previous one (duplicate or out-of-order sample);
 *   <li>the counter went down: it was reset (container or agent restart, a re-created cgroup). The increase since
 *       the reset is unknown, so this interval is skipped rather than guessed; Prometheus-style "assume it started
 *       from 0" would turn a new container with a large counter into a spike;
 *   <li>more than {@code maxGapMs} passed: after a long gap the counter may have been reset and grown past the old
 *       value, so the delta could hide a reset; an interval that long is no longer a fine-grained rate anyway.
 * </ul>
 *
 * <p>A short gap (a missed sample or two) is fine: the delta is divided by the real elapsed time, so the rate is the
 * average over the gap, never the sum of two seconds reported as one.
 */
public final class CounterRate {
  private CounterRate() {}

  /** The increase per second, or NaN when there is no trustworthy rate (see the class contract). */
  public static double perSecond(double previous, long previousMs, double current, long currentMs, long maxGapMs) {
    double delta = delta(previous, previousMs, current, currentMs, maxGapMs);
    return Double.isNaN(delta) ? Double.NaN : delta * 1000.0 / (currentMs - previousMs);
  }

  /** The increase between the readings, or NaN under the same rules as {@link #perSecond}. */
  public static double delta(double previous, long previousMs, double current, long currentMs, long maxGapMs) {
    long elapsedMs = currentMs - previousMs;
    if (Double.isNaN(previous) || Double.isNaN(current) || elapsedMs <= 0 || elapsedMs > maxGapMs) {
      return Double.NaN;
    }
    if (current < previous) {
      return Double.NaN;
    }
    return current - previous;
  }

  /**
   * CPU use in millicores from a CPU-time counter in microseconds: microseconds of CPU per millisecond of wall
   * time is exactly cores × 1000. NaN under the rules of {@link #perSecond}.
   */
  public static double millicores(double previousUs, long previousMs, double currentUs, long currentMs, long maxGapMs) {
    double delta = delta(previousUs, previousMs, currentUs, currentMs, maxGapMs);
    return Double.isNaN(delta) ? Double.NaN : delta / (currentMs - previousMs);
  }
}
