package io.fgm.query;

import java.util.Locale;

/**
 * Which store tier answers which part of a time-series range: the 1-minute rollup tier for the part it covers when
 * the answer is coarse anyway, the raw tier otherwise and for the newest minutes the rollup has not reached yet.
 * Pure: the rollup tier's progress is passed in.
 *
 * <p>Automatic choice: a series of {@code points} points over a range is drawn from {@code points / 2} min/max
 * buckets; when a bucket spans at least {@link #MIN_ROLLUP_BUCKET_MS} (two minutes), the per-minute min and max of
 * the rollup give the same extremes as the raw seconds, from 60 times fewer rows. Finer answers read the raw tier.
 *
 * @param rollup minute starts to read from the rollup tier, or null
 * @param raw the part of the range to read from the raw tier, or null
 */
public record TierPlan(TimeRange rollup, TimeRange raw) {
  /** Buckets at least this wide are answered from the rollup tier. */
  public static final long MIN_ROLLUP_BUCKET_MS = 120_000;
  private static final long MINUTE = 60_000;

  /** How a request wants its tier chosen. */
  public enum Choice {
    AUTO, RAW, ROLLUP;

    /** Parses {@code auto}, {@code raw} or {@code rollup} (any case); null is {@link #AUTO}. */
    public static Choice parse(String parameter, String value) {
      if (value == null) {
        return AUTO;
      }
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new BadParameterException(parameter, parameter + " must be auto, raw or rollup, got '" + value + "'");
      }
    }
  }

  /**
   * Plans {@code range} at {@code maxPoints} points.
   *
   * @param rollupEndMs end (exclusive) of the last minute the rollup tier holds in the range, or
   *     {@code Long.MIN_VALUE} when it holds nothing there
   */
  public static TierPlan choose(TimeRange range, int maxPoints, long rollupEndMs, Choice choice) {
    long firstMinute = Math.floorDiv(range.fromMs(), MINUTE) * MINUTE;
    if (!wantsRollup(range, maxPoints, choice) || rollupEndMs <= firstMinute) {
      return new TierPlan(null, range);
    }
    long split = Math.min(rollupEndMs, range.toMs() + 1); // first instant the rollup does not cover
    TimeRange rollup = new TimeRange(firstMinute, split - 1);
    TimeRange raw = split <= range.toMs() ? new TimeRange(split, range.toMs()) : null;
    return new TierPlan(rollup, raw);
  }

  /** True when {@code choice} and the resolution call for the rollup tier (where it has data). */
  public static boolean wantsRollup(TimeRange range, int maxPoints, Choice choice) {
    long bucket = range.durationMs() / Math.max(1, maxPoints / 2);
    return choice == Choice.ROLLUP || (choice == Choice.AUTO && bucket >= MIN_ROLLUP_BUCKET_MS);
  }

  /** {@code raw}, {@code rollup_1m}, or {@code rollup_1m+raw}: what the answer was read from. */
  public String label() {
    if (rollup == null) {
      return "raw";
    }
    return raw == null ? "rollup_1m" : "rollup_1m+raw";
  }
}
