package io.fgm.query;

/**
 * Count, sum, min and max of a set of values; combinable in any order.
 *
 * @param count number of values
 * @param sum their sum
 * @param min smallest value ({@code +Inf} when empty)
 * @param max largest value ({@code -Inf} when empty)
 */
public record Aggregate(long count, double sum, double min, double max) {
  public static final Aggregate EMPTY = new Aggregate(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

  public Aggregate add(double v) {
    return new Aggregate(count + 1, sum + v, Math.min(min, v), Math.max(max, v));
  }

  public Aggregate merge(Aggregate o) {
    return new Aggregate(count + o.count, sum + o.sum, Math.min(min, o.min), Math.max(max, o.max));
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
