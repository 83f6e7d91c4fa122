package io.fgm.query;

import java.util.List;

/**
 * A request for one metric of a few containers over a range.
 *
 * @param metric stored metric name
 * @param containerIds container ids, without duplicates
 * @param range the time range
 * @param maxPoints most points per series; longer series are downsampled (min/max per bucket)
 * @param tier which store tier to read ({@link TierPlan.Choice#AUTO}: by range and points)
 */
public record TimeseriesQuery(
    String metric, List<String> containerIds, TimeRange range, int maxPoints, TierPlan.Choice tier) {

  /** A query with the tier chosen automatically. */
  public TimeseriesQuery(String metric, List<String> containerIds, TimeRange range, int maxPoints) {
    this(metric, containerIds, range, maxPoints, TierPlan.Choice.AUTO);
  }
}
