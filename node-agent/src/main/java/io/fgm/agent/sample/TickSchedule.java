package io.fgm.agent.sample;

/**
 * The pure core of the 1 Hz loop: which aligned tick is due at a wall-clock time, and how many were missed.
 *
 * <p>Ticks are multiples of the period in epoch milliseconds (:00.000, :01.000, ...), recomputed from the wall
 * clock at every wake-up, so the schedule never drifts however long it runs. A wake-up later than one period
 * runs the latest due tick and counts the skipped ones as missed: they are never run late or back-filled.
 */
public final class TickSchedule {
  /** A tick to run: its aligned time, how many ticks were skipped before it, and how late the wake-up was. */
  public record Tick(long tickMs, long missed, long lagMs) {}

  private final long periodMs;
  private long nextTickMs;

  /** A schedule whose first tick is the first period boundary strictly after {@code nowMs}. */
  public TickSchedule(long periodMs, long nowMs) {
    if (periodMs <= 0) {
      throw new IllegalArgumentException("period must be positive, was " + periodMs);
    }
    this.periodMs = periodMs;
    this.nextTickMs = Math.floorDiv(nowMs, periodMs) * periodMs + periodMs;
  }

  /** The aligned time of the next tick to run. */
  public long nextTickMs() {
    return nextTickMs;
  }

  /** Milliseconds to sleep from {@code nowMs} until the next tick (0 when due). */
  public long delayMs(long nowMs) {
    return Math.max(0, nextTickMs - nowMs);
  }

  /**
   * Called on waking at {@code nowMs}: the tick to run, or null when none is due yet (an early wake-up, or the
   * wall clock stepped back: the schedule waits for the clock to reach the next tick again).
   */
  public Tick onWake(long nowMs) {
    if (nowMs < nextTickMs) {
      if (nextTickMs - nowMs > 2 * periodMs) {
        // the wall clock stepped back by more than a period (NTP step): realign instead of sleeping it out
        nextTickMs = Math.floorDiv(nowMs, periodMs) * periodMs + periodMs;
      }
      return null;
    }
    long due = Math.floorDiv(nowMs, periodMs) * periodMs;
    long missed = (due - nextTickMs) / periodMs;
    nextTickMs = due + periodMs;
    return new Tick(due, missed, nowMs - due);
  }
}
