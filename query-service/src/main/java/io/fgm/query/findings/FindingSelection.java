package io.fgm.query.findings;

import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pure part of {@code /api/findings}: deduplication of re-emitted findings, filtering, ordering and counting.
 * No I/O; the sources (Parquet files, the Kafka tail) hand their findings in.
 */
public final class FindingSelection {
  /** Kind (most urgent first), then score descending, then start descending; the id makes the order total. */
  public static final Comparator<Finding> RANK =
      Comparator.comparingInt((Finding f) -> f.kind().ordinal())
          .thenComparing(Comparator.comparingDouble(Finding::score).reversed())
          .thenComparing(Comparator.comparingLong(Finding::startMs).reversed())
          .thenComparing(Finding::findingId);
  /** Newest start first; the id makes the order total. */
  public static final Comparator<Finding> TIME =
      Comparator.comparingLong(Finding::startMs).reversed().thenComparing(Finding::findingId);

  private FindingSelection() {}

  /**
   * One finding per {@code finding_id}: the version with the largest {@code end_ms} (a finding is re-emitted as it
   * extends); on equal ends the later detection wins, so the answer does not depend on the order of the sources.
   */
  public static Map<String, Finding> dedup(Collection<? extends Collection<Finding>> sources) {
    Map<String, Finding> byId = new HashMap<>();
    for (Collection<Finding> source : sources) {
      for (Finding f : source) {
        byId.merge(f.findingId(), f, FindingSelection::later);
      }
    }
    return byId;
  }

  /** The version of one finding that a reader keeps. */
  public static Finding later(Finding a, Finding b) {
    if (a.endMs() != b.endMs()) {
      return a.endMs() > b.endMs() ? a : b;
    }
    return b.detectedMs() > a.detectedMs() ? b : a;
  }

  /** Filters, counts and orders {@code deduplicated} as {@code q} asks. */
  public static FindingsResult select(Collection<Finding> deduplicated, FindingQuery q) {
    String needle = q.container() == null ? null : q.container().toLowerCase(Locale.ROOT);
    List<Finding> matching = new ArrayList<>();
    for (Finding f : deduplicated) {
      if (matches(f, q, needle)) {
        matching.add(f);
      }
    }
    matching.sort(q.order() == FindingQuery.Order.TIME ? TIME : RANK);
    Map<FindingKind, Integer> counts = new EnumMap<>(FindingKind.class);
    matching.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
    Map<String, Integer> countsByKind = new LinkedHashMap<>();
    counts.forEach((k, n) -> countsByKind.put(k.name(), n));
    List<Finding> page = List.copyOf(matching.subList(0, Math.min(q.limit(), matching.size())));
    return new FindingsResult(q.range().fromMs(), q.range().toMs(), matching.size(), page.size(), countsByKind,
        page);
  }

  static boolean matches(Finding f, FindingQuery q, String lowerNeedle) {
    return f.startMs() <= q.range().toMs() && f.endMs() >= q.range().fromMs()
        && (q.node() == null || q.node().equals(f.node()))
        && (q.namespace() == null || q.namespace().equals(f.namespace()))
        && (q.metric() == null || q.metric().equals(f.metric()))
        && (q.kinds().isEmpty() || q.kinds().contains(f.kind()))
        && f.score() >= q.minScore()
        && (lowerNeedle == null || q.container().equals(f.containerId()) || nameMatches(f, lowerNeedle));
  }

  /** The matching of {@code /api/containers?name=}: a substring of the id, pod, container name or namespace. */
  private static boolean nameMatches(Finding f, String lowerNeedle) {
    return contains(f.containerId(), lowerNeedle) || contains(f.podName(), lowerNeedle)
        || contains(f.containerName(), lowerNeedle) || contains(f.namespace(), lowerNeedle);
  }

  private static boolean contains(String haystack, String lowerNeedle) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
  }
}
