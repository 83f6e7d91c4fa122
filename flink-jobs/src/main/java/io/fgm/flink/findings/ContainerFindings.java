package io.fgm.flink.findings;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import io.fgm.schema.Metric;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pure core of the findings operator for one container: events straight from each sample (OOM kills,
 * sustained throttling, memory near its limit) and, at the end of each study window, the window studies
 * ({@link WindowStudies}). It only reads and updates the {@link ContainerFindingsState} it is given; the Flink shell
 * loads and stores that state and schedules the windows.
 */
public final class ContainerFindings implements Serializable {
  private static final long serialVersionUID = 1L;
  private final FindingsSettings settings;
  private final WindowStudies studies;

  public ContainerFindings(FindingsSettings settings) {
    this.settings = settings;
    this.studies = new WindowStudies(settings);
  }

  public FindingsSettings settings() {
    return settings;
  }

  /** A fresh state for the container of {@code first}. */
  public ContainerFindingsState newState(ContainerSample first) {
    ContainerFindingsState st = ContainerFindingsState.create(settings.windowSeconds());
    st.node = first.node();
    st.containerId = first.container().containerId();
    st.firstSeenMs = first.timestampMs();
    return st;
  }

  /** The end of the study window that {@code timestampMs} belongs to: the next multiple of the slide after it. */
  public long windowEndFor(long timestampMs) {
    long slide = settings.slide().toMillis();
    return (Math.floorDiv(timestampMs, slide) + 1) * slide;
  }

  /**
   * The end of the pending study window that a sample at {@code timestampMs} closes, or {@link Long#MIN_VALUE}:
   * run {@link #onWindowEnd} for it before {@link #onSample}. The sample would otherwise overwrite the oldest second
   * of that window in the ring before the event-time timer fires, which happens whenever processing runs ahead of
   * the watermark (catching up a backlog, or a whole test in less than one watermark interval). A container's own
   * samples are in order (one Kafka partition), so the window is complete by then; run it with
   * {@link #onWindowClosed}. With {@link #onTimer} (which waits for the container's own samples), the findings do
   * not depend on when watermarks come.
   */
  public long windowClosedBy(ContainerFindingsState st, long timestampMs) {
    return st.nextWindowEndMs != Long.MIN_VALUE && timestampMs >= st.nextWindowEndMs
        && st.nextWindowEndMs > st.studiedUpToMs ? st.nextWindowEndMs : Long.MIN_VALUE;
  }

  /** Feeds one sample (with its derived rates); returns the event findings it completes. */
  public List<Finding> onSample(ContainerFindingsState st, ContainerSample s) {
    names(st, s.container());
    long t = s.timestampMs();
    List<Finding> out = new ArrayList<>(0);
    double[] values = new double[StudiedSeries.all().length];
    for (StudiedSeries series : StudiedSeries.all()) {
      values[series.ordinal()] = s.value(series.metric());
    }
    st.window.put(t, values);
    if (t <= st.lastSampleMs) {
      return out; // an out-of-order sample feeds the studies but no event: counters went by already
    }
    st.lastSampleMs = t;
    st.firstSeenMs = Math.min(st.firstSeenMs, t);
    oomKills(st, t, s.value(Metric.MEMORY_EVENTS_OOM_KILL), out);
    double limit = s.value(Metric.MEMORY_LIMIT_BYTES);
    st.memoryLimit = limit > 0 ? limit : Double.NaN;
    throttling(st, t, s.value(Metric.CPU_THROTTLED_RATIO), out);
    nearLimit(st, t, values[StudiedSeries.WORKING_SET.ordinal()], out);
    return out;
  }

  /** A sample is one second: the window's last second has arrived once a sample is this close to its end. */
  static final long SAMPLE_INTERVAL_MS = 1000;

  /**
   * Whether the container's own samples reached the window ending at {@code endMs}: its last second has arrived
   * (a container's samples are in order, so every earlier second of the window is in too).
   */
  public boolean windowComplete(ContainerFindingsState st, long endMs) {
    return st.lastSampleMs != Long.MIN_VALUE && st.lastSampleMs >= endMs - SAMPLE_INTERVAL_MS;
  }

  /**
   * Runs the window studies over the window ending at {@code endMs} (exclusive), once, and only when the
   * container's own samples have reached its end ({@link #windowComplete}): a window already studied (the timer of
   * a window a later sample triggered) gives nothing, and so does a window still incomplete, which stays pending
   * (a watermark ahead of this container's partition does not lock an incomplete study in).
   */
  public List<Finding> onWindowEnd(ContainerFindingsState st, long endMs) {
    if (endMs <= st.studiedUpToMs || !windowComplete(st, endMs)) {
      return List.of();
    }
    return study(st, endMs);
  }

  /**
   * Studies the window ending at {@code endMs} that a sample at or after its end closes ({@link #windowClosedBy}):
   * complete by then even if the container skipped its last seconds, and about to be overwritten in the ring.
   */
  public List<Finding> onWindowClosed(ContainerFindingsState st, long endMs) {
    if (endMs <= st.studiedUpToMs) {
      return List.of();
    }
    return study(st, endMs);
  }

  /**
   * What an event-time timer did: the findings of the window it studied, and when to fire again if the window was
   * left pending ({@link Long#MIN_VALUE} when nothing is pending).
   */
  public record TimerOutcome(List<Finding> findings, long retryAtMs) {
    static final TimerOutcome NONE = new TimerOutcome(List.of(), Long.MIN_VALUE);
  }

  /**
   * The event-time timer at {@code timerMs} fired with the watermark at {@code watermarkMs}. The pending window is
   * the one last registered ({@code nextWindowEndMs}; a window before it was closed by a later sample). It is
   * studied when the container's samples reached its end; otherwise, while the watermark is less than the study
   * grace past its end, it stays pending and the timer is re-armed (one slide later, at most at the grace); after
   * the grace it is studied as it is (the container stopped sending, or its partition lags far behind).
   */
  public TimerOutcome onTimer(ContainerFindingsState st, long timerMs, long watermarkMs) {
    long endMs = st.nextWindowEndMs;
    if (endMs == Long.MIN_VALUE || endMs <= st.studiedUpToMs || endMs > timerMs) {
      return TimerOutcome.NONE; // stale: that window was studied already, or its own timer is still to come
    }
    long now = Math.max(timerMs, watermarkMs);
    long graceEnd = endMs + settings.studyGraceMs();
    if (windowComplete(st, endMs) || now >= graceEnd) {
      return new TimerOutcome(study(st, endMs), Long.MIN_VALUE);
    }
    return new TimerOutcome(List.of(), Math.min(now + settings.slide().toMillis(), graceEnd));
  }

  private List<Finding> study(ContainerFindingsState st, long endMs) {
    st.studiedUpToMs = endMs;
    return studies.run(st, endMs);
  }

  private static void names(ContainerFindingsState st, ContainerRef c) {
    st.podUid = c.podUid() != null ? c.podUid() : st.podUid;
    st.podName = c.podName() != null ? c.podName() : st.podName;
    st.namespace = c.namespace() != null ? c.namespace() : st.namespace;
    st.containerName = c.containerName() != null ? c.containerName() : st.containerName;
    st.sandbox = c.sandbox();
  }

  private static void oomKills(ContainerFindingsState st, long t, double kills, List<Finding> out) {
    if (Double.isNaN(kills)) {
      return;
    }
    double before = st.oomKills;
    st.oomKills = kills;
    // The first reading has no "before": kills counted then happened at an unknown time. A drop is a new cgroup.
    if (Double.isNaN(before) || kills <= before) {
      return;
    }
    double d = kills - before;
    // Most urgent kind: 0.96 for one kill, towards 1 for several.
    double score = 0.96 + 0.04 * (1 - 1 / d);
    st.leakStartMs = Long.MIN_VALUE; // the leak culminated; a ramp after the kill is a new episode
    st.lastOomKillMs = t; // and the leak studies look only at the samples from here on
    out.add(finding(st, FindingKind.OOM_KILL, Metric.MEMORY_EVENTS_OOM_KILL.key(), t, t, t, score, d,
        String.format(java.util.Locale.ROOT, "OOM killer killed %.0f process%s%s", d, d == 1 ? "" : "es",
            Double.isNaN(st.memoryLimit) ? "" : " (memory limit " + FindingText.bytes(st.memoryLimit) + ")"),
        Map.of("oom_kills", d)));
  }

  private void throttling(ContainerFindingsState st, long t, double ratio, List<Finding> out) {
    for (SustainedCondition.Emission e :
        st.throttling.observe(t, ratio, settings.throttledRatio(), settings.throttlingSustain().toMillis(),
            settings.extendEvery().toMillis())) {
      double score = Math.min(1, 0.3 + 0.5 * e.mean());
      double duration = (e.endMs() - e.startMs()) / 1000.0;
      out.add(finding(st, FindingKind.THROTTLING, Metric.CPU_THROTTLED_RATIO.key(), e.startMs(), e.endMs(), t, score,
          e.mean(),
          String.format(java.util.Locale.ROOT, "CPU throttled in %.0f %% of CFS periods for %s%s", e.mean() * 100,
              FindingText.seconds(duration), e.ended() ? "" : " (ongoing)"),
          Map.of("throttled_ratio", e.mean(), "max_throttled_ratio", e.max(), "duration_s", duration)));
    }
  }

  private void nearLimit(ContainerFindingsState st, long t, double workingSet, List<Finding> out) {
    double ratio = Double.isNaN(st.memoryLimit) ? Double.NaN : workingSet / st.memoryLimit;
    for (SustainedCondition.Emission e :
        st.nearLimit.observe(t, ratio, settings.nearLimitFraction(), settings.nearLimitSustain().toMillis(),
            settings.extendEvery().toMillis())) {
      double over = (e.max() - settings.nearLimitFraction()) / (1 - settings.nearLimitFraction());
      double score = 0.6 + 0.25 * Math.max(0, Math.min(1, over));
      double duration = (e.endMs() - e.startMs()) / 1000.0;
      out.add(finding(st, FindingKind.MEMORY_NEAR_LIMIT, Metric.MEMORY_WORKING_SET_BYTES.key(), e.startMs(),
          e.endMs(), t, score, e.max(),
          String.format(java.util.Locale.ROOT, "working set at up to %.0f %% of the %s memory limit for %s%s",
              e.max() * 100, FindingText.bytes(st.memoryLimit), FindingText.seconds(duration),
              e.ended() ? "" : " (ongoing)"),
          Map.of("working_set_ratio", e.max(), "mean_working_set_ratio", e.mean(), "limit_bytes", st.memoryLimit,
              "duration_s", duration)));
    }
  }

  /** A finding about the state's container, with its deterministic id and the names known so far. */
  static Finding finding(ContainerFindingsState st, FindingKind kind, String metric, long startMs, long endMs,
      long detectedMs, double score, double magnitude, String description, Map<String, Double> details) {
    return new Finding(Finding.idOf(st.node, st.containerId, metric, kind, startMs), kind, st.node, st.containerId,
        st.podUid, st.podName, st.namespace, st.containerName, metric, startMs, endMs, detectedMs, score,
        magnitude, description, details);
  }
}
