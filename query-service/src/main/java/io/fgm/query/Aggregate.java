package io.fgm.query;

/**
 * Count, sum, min and max of a set of timed values, and the time of the latest; combinable in any order.
 *
 * @param count number of values
 * @param sum their sum
 * @param min smallest value ({@code +Inf} when empty)
 * @param max largest value ({@code -Inf} when empty)
 * @param lastTimeMs time of the latest value, epoch ms ({@link Long#MIN_VALUE} when empty): where the Kafka tail's
 *     seconds may take over without counting a second twice
 */
public record Aggregate(long count, double sum, double min, double max, long lastTimeMs) {
  public static final Aggregate EMPTY =
      new Aggregate(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Long.MIN_VALUE);

  public Aggregate add(long timeMs, double v) {
    return new Aggregate(count + 1, sum + v, Math.min(min, v), Math.max(max, v), Math.max(lastTimeMs, timeMs));
  }

  public Aggregate merge(Aggregate o) {
    return new Aggregate(count + o.count, sum + o.sum, Math.min(min, o.min), Math.max(max, o.max),
        Math.max(lastTimeMs, o.lastTimeMs));
  }

  public double avg() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The statistic named {@code avg} or {@code max} (or {@code min}). */
  public double stat(String name) {
    return switch (name) {
      case "avg" -> avg();
      case "max" -> max;
      case "min" -> min;
      default -> throw new IllegalArgumentException("unknown statistic " + name);
    };
  }
}
