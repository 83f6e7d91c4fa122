package io.fgm.query;

/**
 * A closed time interval {@code [fromMs, toMs]} in epoch milliseconds, validated: {@code fromMs <= toMs}.
 *
 * @param fromMs first instant included
 * @param toMs last instant included
 */
public record TimeRange(long fromMs, long toMs) {
  public TimeRange {
    if (fromMs > toMs) {
      throw new IllegalArgumentException("from " + fromMs + " is after to " + toMs);
    }
  }

  public long durationMs() {
    return toMs - fromMs;
  }

  public boolean overlaps(long firstMs, long lastMs) {
    return firstMs <= toMs && lastMs >= fromMs;
  }

  public boolean contains(long timeMs) {
    return timeMs >= fromMs && timeMs <= toMs;
  }
}
