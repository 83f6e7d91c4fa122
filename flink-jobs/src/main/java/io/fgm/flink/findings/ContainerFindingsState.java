package io.fgm.flink.findings;

import java.util.Arrays;

/**
 * Everything the findings operator remembers about one container: its names, the study window, and the state of
 * each detector (so that a finding is emitted on a transition and re-emitted only to extend it). Public fields and
 * a no-arg constructor make it a Flink POJO, serialized only at checkpoints (heap state is used in place).
 */
public final class ContainerFindingsState {
  public String node;
  public String containerId;
  public String podUid;
  public String podName;
  public String namespace;
  public String containerName;
  public boolean sandbox;

  public long firstSeenMs = Long.MIN_VALUE;
  public long lastSampleMs = Long.MIN_VALUE;
  /** End of the study window whose event-time timer is registered, or {@link Long#MIN_VALUE}. */
  public long nextWindowEndMs = Long.MIN_VALUE;
  /** End of the last window studied, or {@link Long#MIN_VALUE}. */
  public long studiedUpToMs = Long.MIN_VALUE;
  public SeriesWindow window;

  /** Last memory.events.oom_kill reading; NaN before the first. */
  public double oomKills = Double.NaN;
  /** Time of the last sample where memory.events.oom_kill rose, or {@link Long#MIN_VALUE}. */
  public long lastOomKillMs = Long.MIN_VALUE;
  /** Last memory.limit_bytes reading; NaN when unlimited or unknown. */
  public double memoryLimit = Double.NaN;
  public SustainedCondition throttling = new SustainedCondition();
  public SustainedCondition nearLimit = new SustainedCondition();

  /** Per {@link StudiedSeries}: time of the last reported changepoint, or {@link Long#MIN_VALUE}. */
  public long[] lastChangeMs;
  /** Per {@link StudiedSeries}: start of the ongoing periodic pattern, or {@link Long#MIN_VALUE}. */
  public long[] periodicStartMs;
  /** Per {@link StudiedSeries}: end_ms last emitted for that pattern. */
  public long[] periodicEndMs;
  /** Start of the ongoing memory leak, or {@link Long#MIN_VALUE}. */
  public long leakStartMs = Long.MIN_VALUE;
  public long leakEndMs = Long.MIN_VALUE;

  public ContainerFindingsState() {}

  static ContainerFindingsState create(int windowSeconds) {
    ContainerFindingsState s = new ContainerFindingsState();
    int n = StudiedSeries.all().length;
    s.window = new SeriesWindow(windowSeconds, n);
    s.lastChangeMs = filled(n);
    s.periodicStartMs = filled(n);
    s.periodicEndMs = filled(n);
    return s;
  }

  private static long[] filled(int n) {
    long[] a = new long[n];
    Arrays.fill(a, Long.MIN_VALUE);
    return a;
  }
}
