package io.fgm.flink.rates;

import io.fgm.schema.Metric;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts metric values whose name the catalogue ({@link Metric}) does not know (an agent newer than the job): the
 * raw tier has no column for them ({@link io.fgm.schema.SampleRows}), so its writer leaves them out and stores the
 * rest of the sample. Flink metric {@code unknownMetricValues}; the names are logged at most once a minute per
 * subtask. Counted in the rates operator because the FileSink's bulk writer has no metric group.
 */
public final class UnknownMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(UnknownMetrics.class);
  static final long LOG_EVERY_MS = 60_000;
  private static final int MAX_NAMES_PER_LOG = 20;

  private final Counter counter;
  private final TreeSet<String> names = new TreeSet<>();
  private long countSinceLog;
  private long lastLogMs = Long.MIN_VALUE;

  public UnknownMetrics(MetricGroup metrics) {
    this.counter = metrics.counter("unknownMetricValues");
  }

  /** Counts the unknown metrics of {@code metrics}; returns how many there were. */
  public int count(Map<String, Double> metrics) {
    int unknown = 0;
    for (String name : metrics.keySet()) {
      if (Metric.byKey(name).isEmpty()) {
        unknown++;
        if (names.size() < MAX_NAMES_PER_LOG) {
          names.add(name);
        }
      }
    }
    if (unknown > 0) {
      counter.inc(unknown);
      countSinceLog += unknown;
      long now = System.currentTimeMillis();
      if (lastLogMs == Long.MIN_VALUE || now - lastLogMs >= LOG_EVERY_MS) {
        LOG.warn("{} values of metrics the catalogue does not know were not stored (no raw-tier column), e.g. {}; "
            + "the rest of their samples was stored", countSinceLog, names);
        lastLogMs = now;
        countSinceLog = 0;
        names.clear();
      }
    }
    return unknown;
  }
}
