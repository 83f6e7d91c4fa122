package io.fgm.query.findings;

import io.fgm.query.BadParameterException;
import io.fgm.query.QueryConfig;
import io.fgm.schema.Finding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The core of {@code /api/findings}: gathers the findings of every source (the Parquet tier, the Kafka tail when
 * configured), keeps one version per {@code finding_id} (the largest {@code end_ms}) and selects, orders and counts
 * them ({@link FindingSelection}). No HTTP in it.
 */
public final class FindingService {
  /** Largest {@code limit} of one request. */
  public static final int MAX_LIMIT = 1000;
  /** {@code limit} when not given. */
  public static final int DEFAULT_LIMIT = 100;

  private final QueryConfig config;
  private final List<FindingSource> sources;

  public FindingService(QueryConfig config, List<FindingSource> sources) {
    this.config = config;
    this.sources = List.copyOf(sources);
  }

  public FindingsResult findings(FindingQuery q) {
    if (q.range().durationMs() > config.maxRange().toMillis()) {
      throw new BadParameterException("from", "range of " + q.range().durationMs() / 1000
          + " s exceeds the maximum of " + config.maxRange().toSeconds() + " s");
    }
    if (q.limit() < 1 || q.limit() > MAX_LIMIT) {
      throw new BadParameterException("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    if (!(q.minScore() >= 0 && q.minScore() <= 1)) {
      throw new BadParameterException("min_score", "min_score must be a number between 0 and 1");
    }
    Predicate<String> nodeFilter = q.node() == null ? n -> true : q.node()::equals;
    List<Collection<Finding>> found = new ArrayList<>();
    for (FindingSource s : sources) {
      found.add(s.findings(q.range(), nodeFilter));
    }
    return FindingSelection.select(FindingSelection.dedup(found).values(), q);
  }
}
