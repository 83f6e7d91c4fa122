package io.fgm.query.tail;

import io.fgm.query.TimeRange;
import io.fgm.query.findings.FindingSelection;
import io.fgm.query.findings.FindingSource;
import io.fgm.schema.Finding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The freshest findings, from the findings topic, before Flink commits them to Parquet: a bounded buffer, one entry
 * per {@code finding_id} (the version with the largest {@code end_ms}). Pure and thread-safe; the Kafka shell
 * ({@link KafkaTopicTail}) feeds it. When full, the findings that were detected earliest go first: they are the
 * ones most likely already in Parquet.
 */
public final class FindingTail implements FindingSource {
  private final int maxFindings;
  private final Map<String, Finding> byId = new HashMap<>();

  public FindingTail(int maxFindings) {
    if (maxFindings < 1) {
      throw new IllegalArgumentException("maxFindings must be >= 1");
    }
    this.maxFindings = maxFindings;
  }

  public synchronized void add(Finding f) {
    byId.merge(f.findingId(), f, FindingSelection::later);
    if (byId.size() > maxFindings) {
      List<Finding> all = new ArrayList<>(byId.values());
      all.sort(Comparator.comparingLong(Finding::detectedMs));
      for (int i = 0; i < all.size() - maxFindings * 9 / 10; i++) { // evict in batches: adds stay O(1) amortized
        byId.remove(all.get(i).findingId());
      }
    }
  }

  public synchronized int size() {
    return byId.size();
  }

  @Override
  public synchronized Collection<Finding> findings(TimeRange range, Predicate<String> nodeFilter) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : byId.values()) {
      if (range.overlaps(f.startMs(), f.endMs()) && nodeFilter.test(f.node())) {
        out.add(f);
      }
    }
    return out;
  }
}
