package io.fgm.query;

import java.util.List;

/**
 * A request for one metric of a few containers over a range.
 *
 * @param metric stored metric name
 * @param containerIds container ids, without duplicates
 * @param range the time range
 * @param maxPoints most points per series; longer series are downsampled (min/max per bucket)
 */
public record TimeseriesQuery(String metric, List<String> containerIds, TimeRange range, int maxPoints) {}
