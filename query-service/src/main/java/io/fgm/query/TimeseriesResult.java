package io.fgm.query;

import java.util.List;

/**
 * The answer to a {@link TimeseriesQuery}.
 *
 * @param metric metric name
 * @param unit unit symbol, or null for a metric outside the catalogue
 * @param fromMs range start, epoch ms
 * @param toMs range end, epoch ms
 * @param maxPoints most points per series
 * @param series one per requested container that has rows, in request order
 * @param missing requested container ids without rows of this metric in the range
 * @param filesRead data files opened
 * @param filesSkipped data files in the partitions that the metadata index ruled out without opening them
 * @param rowsRead rows decoded (a rollup row, one container's minute, counts as one)
 * @param tier what answered: {@code raw}, {@code rollup_1m}, or {@code rollup_1m+raw} (the rollup up to where it
 *     has been written, the raw tier after)
 */
public record TimeseriesResult(
    String metric,
    String unit,
    long fromMs,
    long toMs,
    int maxPoints,
    List<Series> series,
    List<String> missing,
    int filesRead,
    int filesSkipped,
    long rowsRead,
    String tier) {

  /**
   * One container's series: labels, then parallel arrays {@code t} (epoch ms) and {@code v}, sorted by time.
   *
   * @param downsampled true when the points are min/max per bucket rather than every row
   * @param rows rows in the range before downsampling
   */
  public record Series(
      String containerId,
      String podName,
      String namespace,
      String containerName,
      String node,
      boolean downsampled,
      long rows,
      long[] t,
      double[] v) {}
}
