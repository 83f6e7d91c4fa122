package io.fgm.flink.findings;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds and windows of the streaming studies and event detectors. Every value has a default chosen so that a
 * healthy container produces no findings and an incident produces a few, not one per second.
 *
 * @param window how much history each study sees (the sliding window); default 10 min
 * @param slide how often the studies run per container (the window slides by this); default 1 min
 * @param changepointMinRelativeChange a PELT changepoint is reported only if |after − before| / max(|before|, the
 *     metric's noise floor) is at least this; default 0.2 (20 %)
 * @param periodicityWindow the ACF window inside the study window (periods of 2 s up to half of it); default 2 min
 * @param periodicityMinScore the ACF peak a window needs to count as periodic; default 0.5
 * @param leakMinScore the leak score (studies' {@code LeakScore}) from which a MEMORY_LEAK is reported; default 0.5
 * @param throttledRatio throttled periods / periods above which a second counts as throttled; default 0.25
 * @param throttlingSustain how long throttling must last before it is reported; default 30 s
 * @param nearLimitFraction working set / memory limit above which a second counts as near the limit; default 0.9
 * @param nearLimitSustain how long it must last before it is reported; default 10 s
 * @param extendEvery an ongoing THROTTLING or MEMORY_NEAR_LIMIT is re-emitted (same id, larger end_ms) at most this
 *     often, and once more when it ends; default 30 s
 * @param leakMaxPValue a MEMORY_LEAK needs a rising Mann–Kendall trend with a (two-sided) p-value below this over
 *     the analysed span; default 0.05 (the leak score alone is 1 − p times growth, so 30 flat noisy points could
 *     reach 0.6)
 * @param leakMinPoints the fewest working set samples the analysed span needs (after a reset or an OOM kill it is
 *     only the samples since); default 30
 * @param studyGrace how long past its end (in watermark time) a window waits for the container's own samples to
 *     reach it before it is studied anyway (a container that stopped sending); {@link Duration#ZERO} = 2 × slide
 *     (the default)
 */
public record FindingsSettings(
    Duration window,
    Duration slide,
    double changepointMinRelativeChange,
    Duration periodicityWindow,
    double periodicityMinScore,
    double leakMinScore,
    double throttledRatio,
    Duration throttlingSustain,
    double nearLimitFraction,
    Duration nearLimitSustain,
    Duration extendEvery,
    double leakMaxPValue,
    int leakMinPoints,
    Duration studyGrace)
    implements Serializable {

  public FindingsSettings {
    require(window.toSeconds() >= 20, "findings window must be at least 20 s, got " + window);
    // A changepoint is reported from a window where it lies a margin inside; at least two slides per window
    // guarantee that some window sees it so.
    require(slide.toSeconds() >= 1 && slide.multipliedBy(2).compareTo(window) <= 0,
        "findings slide must be between 1 s and half the window, got " + slide + " for " + window);
    require(window.toMillis() % 1000 == 0 && slide.toMillis() % 1000 == 0, "window and slide are whole seconds");
    require(changepointMinRelativeChange >= 0, "changepointMinRelativeChange must be >= 0");
    require(periodicityWindow.toSeconds() >= 8 && periodicityWindow.compareTo(window) <= 0,
        "periodicityWindow must be in [8 s, window]");
    require(periodicityMinScore > 0 && periodicityMinScore <= 1, "periodicityMinScore must be in (0, 1]");
    require(leakMinScore > 0 && leakMinScore <= 1, "leakMinScore must be in (0, 1]");
    require(throttledRatio >= 0 && throttledRatio < 1, "throttledRatio must be in [0, 1)");
    require(nearLimitFraction > 0 && nearLimitFraction < 1, "nearLimitFraction must be in (0, 1)");
    require(!throttlingSustain.isNegative() && !nearLimitSustain.isNegative(), "sustain durations must be >= 0");
    require(extendEvery.toMillis() >= 1000, "extendEvery must be at least 1 s");
    require(leakMaxPValue > 0 && leakMaxPValue <= 1, "leakMaxPValue must be in (0, 1]");
    require(leakMinPoints >= 3, "leakMinPoints must be at least 3");
    require(!studyGrace.isNegative(), "studyGrace must be >= 0");
  }

  public static FindingsSettings defaults() {
    return new FindingsSettings(Duration.ofMinutes(10), Duration.ofMinutes(1), 0.2, Duration.ofMinutes(2), 0.5, 0.5,
        0.25, Duration.ofSeconds(30), 0.9, Duration.ofSeconds(10), Duration.ofSeconds(30), 0.05, 30, Duration.ZERO);
  }

  /** Window and slide; the ACF window shrinks to the window if it was longer. */
  public FindingsSettings withWindow(Duration window, Duration slide) {
    Duration acf = periodicityWindow.compareTo(window) > 0 ? window : periodicityWindow;
    return new FindingsSettings(window, slide, changepointMinRelativeChange, acf, periodicityMinScore,
        leakMinScore, throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, extendEvery,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withChangepointMinRelativeChange(double v) {
    return new FindingsSettings(window, slide, v, periodicityWindow, periodicityMinScore, leakMinScore,
        throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, extendEvery,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withPeriodicity(Duration acfWindow, double minScore) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, acfWindow, minScore, leakMinScore,
        throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, extendEvery,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withLeakMinScore(double v) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, periodicityWindow, periodicityMinScore,
        v, throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, extendEvery,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withThrottling(double ratio, Duration sustain) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, periodicityWindow, periodicityMinScore,
        leakMinScore, ratio, sustain, nearLimitFraction, nearLimitSustain, extendEvery,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withNearLimit(double fraction, Duration sustain) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, periodicityWindow, periodicityMinScore,
        leakMinScore, throttledRatio, throttlingSustain, fraction, sustain, extendEvery,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withExtendEvery(Duration v) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, periodicityWindow, periodicityMinScore,
        leakMinScore, throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, v,
        leakMaxPValue, leakMinPoints, studyGrace);
  }

  public FindingsSettings withLeakSignificance(double maxPValue, int minPoints) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, periodicityWindow, periodicityMinScore,
        leakMinScore, throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, extendEvery,
        maxPValue, minPoints, studyGrace);
  }

  public FindingsSettings withStudyGrace(Duration v) {
    return new FindingsSettings(window, slide, changepointMinRelativeChange, periodicityWindow, periodicityMinScore,
        leakMinScore, throttledRatio, throttlingSustain, nearLimitFraction, nearLimitSustain, extendEvery,
        leakMaxPValue, leakMinPoints, v);
  }

  /** The study grace in milliseconds: {@link #studyGrace()}, or 2 × slide when that is zero. */
  public long studyGraceMs() {
    return studyGrace.isZero() ? 2 * slide.toMillis() : studyGrace.toMillis();
  }

  /** Samples (seconds) in the study window. */
  public int windowSeconds() {
    return (int) window.toSeconds();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
