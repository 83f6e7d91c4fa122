package io.fgm.query.findings;

import io.fgm.query.TimeRange;
import io.fgm.schema.FindingKind;
import java.util.Set;

/**
 * Filters, order and size of a findings request ({@code GET /api/findings}). Null filters match everything.
 *
 * @param range a finding is included when {@code [start_ms, end_ms]} overlaps it
 * @param node exact node name
 * @param namespace exact namespace
 * @param container a container id (exact), or a case-insensitive substring of the id, pod name, container name or
 *     namespace (the matching of {@code /api/containers?name=})
 * @param kinds only these kinds; null or empty: every kind
 * @param metric exact metric key
 * @param minScore lowest score included, 0..1
 * @param order {@link Order#RANK} or {@link Order#TIME}
 * @param limit most findings returned (the total is still counted)
 */
public record FindingQuery(
    TimeRange range,
    String node,
    String namespace,
    String container,
    Set<FindingKind> kinds,
    String metric,
    double minScore,
    Order order,
    int limit) {

  /** The order of the answer. */
  public enum Order {
    /** Kind in declaration order (most urgent first), then score descending, then start descending. */
    RANK,
    /** Start descending: the newest first. */
    TIME
  }

  public FindingQuery {
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
  }
}
