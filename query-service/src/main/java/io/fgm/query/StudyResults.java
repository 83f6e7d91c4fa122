package io.fgm.query;

import io.fgm.studies.summary.Gap;
import io.fgm.studies.summary.LeakScore;
import io.fgm.studies.summary.TrendResult;
import java.util.List;
import java.util.Map;

/** The answers of {@link StudyService}, shaped for JSON (snake_case through the API's mapper). */
public final class StudyResults {
  private StudyResults() {}

  /**
   * {@code /api/summary}: per container, per metric, the studies' summary.
   *
   * @param fromMs range start
   * @param toMs range end
   * @param containers one per requested container with data, in request order
   * @param missing requested ids without any of the metrics in the range
   */
  public record Summary(long fromMs, long toMs, List<ContainerSummary> containers, List<String> missing) {}

  /** One container's summaries, by metric name. */
  public record ContainerSummary(
      String containerId,
      String podName,
      String namespace,
      String containerName,
      String qos,
      String node,
      Map<String, MetricSummary> metrics) {}

  /**
   * The studies' {@code SeriesSummary} of one metric, with its unit and at most {@link StudyService#MAX_GAPS} gaps
   * ({@code gap_count} has them all). Statistics are null when no value is present.
   */
  public record MetricSummary(
      String unit,
      int count,
      long missingSamples,
      Double avg,
      Double min,
      Double max,
      Double stddev,
      Double p50,
      Double p95,
      Double p99,
      Double last,
      Long lastTimeMs,
      int gapCount,
      List<Gap> gaps,
      TrendResult trend,
      LeakScore leak,
      Double limit) {}

  /**
   * An on-demand study of one metric of one container.
   *
   * @param points samples analysed, on a regular grid of {@code intervalMs} (missing seconds are NaN)
   * @param result the study's own result record
   */
  public record Study<T>(
      String study,
      String containerId,
      String podName,
      String namespace,
      String containerName,
      String node,
      String metric,
      String unit,
      long fromMs,
      long toMs,
      int points,
      long intervalMs,
      T result) {}
}
