package io.fgm.query.findings;

import io.fgm.query.TimeRange;
import io.fgm.schema.Finding;
import java.util.Collection;
import java.util.function.Predicate;

/** Where findings come from: the Parquet tier written by Flink, or the in-memory tail of the findings topic. */
public interface FindingSource {
  /**
   * Findings that may overlap {@code range} on nodes passing {@code nodeFilter}; a source may return more (the
   * caller filters exactly), and may return several versions of one finding (the caller deduplicates).
   */
  Collection<Finding> findings(TimeRange range, Predicate<String> nodeFilter);
}
