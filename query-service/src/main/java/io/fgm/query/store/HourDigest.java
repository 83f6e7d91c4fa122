package io.fgm.query.store;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The containers of one partition merged per hour, so that a listing over a long range merges a few dozen hourly
 * digests instead of every file's summary (a day of one-minute files is 1,440 summaries per node). Files wholly
 * inside an hour are merged into it; a file spanning an hour boundary stays on its own. Hours cut by the requested
 * range fall back to their files. Immutable; built once per partition listing. The merge of the whole hours a range
 * covers is kept for the next listings (a few spans per digest): a "last 24 h" listing asked again within the hour
 * covers the same whole hours, so it merges one map instead of 24.
 */
public final class HourDigest {
  private static final long HOUR = 3_600_000L;

  private record Hour(long startMs, Map<String, ContainerInfo> merged, List<FileSummary> files) {}

  private static final int MEMO_SPANS = 8;

  private final List<Hour> hours;
  private final List<FileSummary> spanning;
  /** Merged containers of hours {@code [first, last]} (indices into {@link #hours}), by {@code first << 32 | last}. */
  private final Map<Long, Map<String, ContainerInfo>> spans =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Map<String, ContainerInfo>> eldest) {
          return size() > MEMO_SPANS;
        }
      });

  private HourDigest(List<Hour> hours, List<FileSummary> spanning) {
    this.hours = hours;
    this.spanning = spanning;
  }

  /** Digests the readable summaries among {@code files}. */
  public static HourDigest of(Collection<FileSummary> files) {
    TreeMap<Long, List<FileSummary>> byHour = new TreeMap<>();
    List<FileSummary> spanning = new ArrayList<>();
    for (FileSummary f : files) {
      if (!f.readable() || f.containers().isEmpty()) {
        continue;
      }
      long hour = Math.floorDiv(f.minTimeMs(), HOUR);
      if (hour == Math.floorDiv(f.maxTimeMs(), HOUR)) {
        byHour.computeIfAbsent(hour * HOUR, k -> new ArrayList<>()).add(f);
      } else {
        spanning.add(f);
      }
    }
    List<Hour> hours = new ArrayList<>();
    byHour.forEach((start, fs) -> {
      Map<String, ContainerInfo> merged = new HashMap<>();
      fs.forEach(f -> f.containers().values().forEach(c -> merged.merge(c.containerId(), c, ContainerInfo::merge)));
      hours.add(new Hour(start, Map.copyOf(merged), List.copyOf(fs)));
    });
    return new HourDigest(List.copyOf(hours), List.copyOf(spanning));
  }

  /** Merges into {@code byId} every container seen in {@code range} whose node passes {@code nodeFilter}. */
  public void collect(TimeRange range, Predicate<String> nodeFilter, Map<String, ContainerInfo> byId) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < hours.size(); i++) {
      Hour h = hours.get(i);
      if (range.fromMs() <= h.startMs() && h.startMs() + HOUR - 1 <= range.toMs()) {
        if (first < 0) {
          first = i;
        }
        last = i; // whole hours are consecutive in the list: those in between are whole too
      } else if (range.overlaps(h.startMs(), h.startMs() + HOUR - 1)) {
        h.files().forEach(f -> collect(f, range, nodeFilter, byId));
      }
    }
    if (first >= 0) {
      span(first, last).values().forEach(c -> add(c, nodeFilter, byId));
    }
    spanning.forEach(f -> collect(f, range, nodeFilter, byId));
  }

  /** The containers of hours {@code first..last} merged, computed once per span. */
  private Map<String, ContainerInfo> span(int first, int last) {
    if (first == last) {
      return hours.get(first).merged();
    }
    long key = (long) first << 32 | last;
    Map<String, ContainerInfo> merged = spans.get(key);
    if (merged == null) {
      Map<String, ContainerInfo> m = new HashMap<>();
      for (int i = first; i <= last; i++) {
        hours.get(i).merged().values().forEach(c -> m.merge(c.containerId(), c, ContainerInfo::merge));
      }
      merged = Map.copyOf(m);
      spans.put(key, merged);
    }
    return merged;
  }

  private static void collect(FileSummary f, TimeRange range, Predicate<String> nodeFilter,
      Map<String, ContainerInfo> byId) {
    for (ContainerInfo c : f.containers().values()) {
      if (range.overlaps(c.firstSeenMs(), c.lastSeenMs())) {
        add(c, nodeFilter, byId);
      }
    }
  }

  private static void add(ContainerInfo c, Predicate<String> nodeFilter, Map<String, ContainerInfo> byId) {
    if (c.node() == null || nodeFilter.test(c.node())) {
      byId.merge(c.containerId(), c, ContainerInfo::merge);
    }
  }
}
