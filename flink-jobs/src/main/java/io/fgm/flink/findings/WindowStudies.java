package io.fgm.flink.findings;

import io.fgm.schema.Finding;
import io.fgm.schema.FindingKind;
import io.fgm.studies.changepoint.Changepoint;
import io.fgm.studies.changepoint.ChangepointOptions;
import io.fgm.studies.changepoint.ChangepointResult;
import io.fgm.studies.changepoint.Changepoints;
import io.fgm.studies.periodicity.Acf;
import io.fgm.studies.periodicity.Periodicity;
import io.fgm.studies.periodicity.PeriodicityOptions;
import io.fgm.studies.periodicity.PeriodicityResult;
import io.fgm.studies.summary.LeakScore;
import io.fgm.studies.summary.SeriesSummary;
import io.fgm.studies.summary.Summaries;
import io.fgm.studies.summary.SummaryOptions;
import io.fgm.studies.summary.Trend;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The studies that run over a container's sliding window (module {@code studies}), turned into findings that are
 * emitted once per event rather than once per window:
 *
 * <ul>
 *   <li>CHANGEPOINT: PELT (mean cost on MAD-scaled values, MBIC). A changepoint is reported once, from the first
 *       window in which it lies at least a margin (min(slide, window/4)) inside the window, so that both segments
 *       are estimated on enough data, and only if its relative change reaches the threshold.
 *   <li>PERIODIC: ACF periodicity; emitted when a series turns periodic, then re-emitted with a later end while it
 *       stays periodic. A step also has a slowly decaying ACF with noisy bumps that can look like peaks, so a
 *       period counts only if the ACF dips well below the peak before it (a real cycle has a trough in between).
 *   <li>MEMORY_LEAK: Theil–Sen slope and Mann–Kendall test on the working set (studies' leak score, against the
 *       memory limit when there is one); emitted when the score reaches the threshold with a significantly rising
 *       trend (Mann–Kendall p below {@code leakMaxPValue}) over at least {@code leakMinPoints} samples, then
 *       extended while it lasts. An OOM kill ends the episode, and after a reset (the kill, or a drop) only the
 *       samples since are analysed, for the trend and the score alike.
 * </ul>
 */
final class WindowStudies implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The ACF must fall at least this far below the peak at some shorter lag (see the class comment). */
  static final double MIN_ACF_DIP = 0.3;

  private final FindingsSettings settings;

  WindowStudies(FindingsSettings settings) {
    this.settings = settings;
  }

  List<Finding> run(ContainerFindingsState st, long endMs) {
    List<Finding> out = new ArrayList<>(0);
    long[] times = st.window.times(endMs);
    int minPresent = Math.max(8, times.length / 4);
    for (StudiedSeries series : StudiedSeries.all()) {
      if (!st.window.has(series)) {
        continue;
      }
      double[] values = st.window.series(series, endMs);
      if (SeriesWindow.present(values) < minPresent) {
        continue;
      }
      // A cycle is a run of steps to PELT: a periodic window reports its period, not a changepoint per half-cycle;
      // and while too little data is there to tell (no complete ACF window yet), no changepoint either.
      if (periodicity(st, series, values, times, endMs, out) == Cyclic.NO) {
        changepoints(st, series, values, times, endMs, out);
      }
      if (series == StudiedSeries.WORKING_SET) {
        leak(st, values, times, endMs, out);
      }
    }
    return out;
  }

  long marginMs() {
    return Math.min(settings.slide().toMillis(), settings.window().toMillis() / 4);
  }

  private void changepoints(ContainerFindingsState st, StudiedSeries series, double[] values, long[] times,
      long endMs, List<Finding> out) {
    ChangepointResult r = Changepoints.detect(values, times, ChangepointOptions.defaults());
    long margin = marginMs();
    int i = series.ordinal();
    for (Changepoint cp : r.changepoints()) {
      long t = cp.timeMs();
      if (t < times[0] + margin || t > endMs - margin || t <= st.lastChangeMs[i] + margin) {
        continue;
      }
      double relative = cp.absoluteChange() / Math.max(Math.abs(cp.meanBefore()), series.noiseFloor());
      if (Math.abs(relative) < settings.changepointMinRelativeChange()) {
        continue;
      }
      st.lastChangeMs[i] = t;
      double r1 = Math.abs(relative);
      // A small step ranks low; even a large one stays below the events (at most 0.5).
      double score = 0.5 * r1 / (r1 + 1);
      Map<String, Double> details = new HashMap<>();
      details.put("mean_before", cp.meanBefore());
      details.put("mean_after", cp.meanAfter());
      details.put("relative_change", relative);
      details.put("cost_improvement", cp.costImprovement());
      out.add(ContainerFindings.finding(st, FindingKind.CHANGEPOINT, series.key(), t, t, endMs, score,
          cp.absoluteChange(),
          String.format(Locale.ROOT, "%s %s from %s to %s (%s)", series.key(),
              cp.absoluteChange() > 0 ? "rose" : "fell", FindingText.value(cp.meanBefore(), series.unit()),
              FindingText.value(cp.meanAfter(), series.unit()), FindingText.percent(relative)),
          details));
    }
  }

  enum Cyclic { YES, NO, UNKNOWN }

  /** @return whether the series is periodic in this window */
  private Cyclic periodicity(ContainerFindingsState st, StudiedSeries series, double[] values, long[] times,
      long endMs, List<Finding> out) {
    int acfWindow = (int) settings.periodicityWindow().toSeconds();
    PeriodicityOptions options = new PeriodicityOptions(acfWindow, 0, 2, 0, settings.periodicityMinScore(), 0.1);
    PeriodicityResult p = Periodicity.analyse(values, times, options);
    int i = series.ordinal();
    boolean ongoing = st.periodicStartMs[i] != Long.MIN_VALUE;
    boolean found = p.dominantPeriod() != null && p.windows() > 0 && p.score() >= settings.periodicityMinScore();
    // Hysteresis: a new pattern must hold in half the ACF windows and show a real trough; an ongoing one only
    // needs to be found again, so one noisy window does not split it into two findings.
    boolean periodic = found
        && (ongoing || (p.windowsWithPattern() * 2 >= p.windows() && dipsBeforePeak(values, p.dominantPeriod())));
    if (!periodic) {
      st.periodicStartMs[i] = Long.MIN_VALUE;
      return p.windows() == 0 ? Cyclic.UNKNOWN : Cyclic.NO;
    }
    long end = p.ranges().get(p.ranges().size() - 1).endTimeMs();
    if (st.periodicStartMs[i] == Long.MIN_VALUE) {
      st.periodicStartMs[i] = p.ranges().get(0).startTimeMs();
    } else if (end <= st.periodicEndMs[i]) {
      return Cyclic.YES;
    }
    st.periodicEndMs[i] = end;
    double periodS = p.periodMs() != null ? p.periodMs() / 1000.0 : p.dominantPeriod();
    Map<String, Double> details = new HashMap<>();
    details.put("period_s", periodS);
    details.put("acf_peak", p.score());
    details.put("amplitude", p.amplitude());
    out.add(ContainerFindings.finding(st, FindingKind.PERIODIC, series.key(), st.periodicStartMs[i], end, endMs,
        0.1 + 0.2 * p.score(), p.amplitude(),
        String.format(Locale.ROOT, "%s repeats every %.0f s (ACF %.2f, amplitude %s)", series.key(), periodS,
            p.score(), FindingText.value(p.amplitude(), series.unit())),
        details));
    return Cyclic.YES;
  }

  /** Whether the ACF over the window falls at least {@link #MIN_ACF_DIP} below its value at the period first. */
  static boolean dipsBeforePeak(double[] values, int period) {
    double[] acf = Acf.acf(values, period);
    double min = Double.POSITIVE_INFINITY;
    for (int k = 1; k < period; k++) {
      min = Math.min(min, acf[k]);
    }
    return acf[period] - min >= MIN_ACF_DIP;
  }

  /** How many times the analysed span is cut again at a reset found inside the previous cut. */
  private static final int MAX_RESET_CUTS = 3;

  private void leak(ContainerFindingsState st, double[] values, long[] times, long endMs, List<Finding> out) {
    Double limit = Double.isNaN(st.memoryLimit) ? null : st.memoryLimit;
    SummaryOptions options = SummaryOptions.defaults().withLimit(limit).withSampleIntervalMs(1000);
    // After a reset (an OOM kill in the window, or a drop the studies find) only the samples since count, for the
    // trend as much as for the score: the ramp before the kill must not make a flat span after it "rising".
    int from = 0;
    if (st.lastOomKillMs != Long.MIN_VALUE && st.lastOomKillMs >= times[0]) {
      while (from < times.length && times[from] < st.lastOomKillMs) {
        from++;
      }
    }
    double[] ys = Arrays.copyOfRange(values, from, values.length);
    long[] ts = Arrays.copyOfRange(times, from, times.length);
    SeriesSummary summary = SeriesWindow.present(ys) >= 3 ? Summaries.summarize(ys, ts, options) : null;
    for (int cut = 0; summary != null && summary.leak() != null && summary.leak().resets() > 0; cut++) {
      int since = summary.leak().sinceIndex();
      if (since == 0 || cut == MAX_RESET_CUTS) {
        summary = null; // the reset is in the last few samples: too little since to judge
        break;
      }
      ys = Arrays.copyOfRange(ys, since, ys.length);
      ts = Arrays.copyOfRange(ts, since, ts.length);
      summary = SeriesWindow.present(ys) >= 3 ? Summaries.summarize(ys, ts, options) : null;
    }
    LeakScore leak = summary == null ? null : summary.leak();
    // Significance first: the score is (1 − p) × growth, which 30 flat noisy samples can push past the threshold.
    boolean leaking = leak != null && SeriesWindow.present(ys) >= settings.leakMinPoints()
        && summary.trend() != null && summary.trend().trend() == Trend.RISING
        && leak.pValue() < settings.leakMaxPValue() && leak.score() >= settings.leakMinScore();
    if (!leaking) {
      st.leakStartMs = Long.MIN_VALUE;
      return;
    }
    times = ts;
    long end = summary.lastTimeMs() != null ? summary.lastTimeMs() : endMs - 1000;
    if (st.leakStartMs == Long.MIN_VALUE) {
      st.leakStartMs = leak.sinceTimeMs() != null ? leak.sinceTimeMs() : times[0];
    } else if (end <= st.leakEndMs) {
      return;
    }
    st.leakEndMs = end;
    Map<String, Double> details = new HashMap<>();
    details.put("slope_per_s", leak.slopePerSecond());
    details.put("leak_score", leak.score());
    details.put("p_value", leak.pValue());
    if (leak.timeToLimitSeconds() != null) {
      details.put("time_to_limit_s", leak.timeToLimitSeconds());
    }
    if (limit != null) {
      details.put("limit_bytes", limit);
    }
    String toLimit = leak.timeToLimitSeconds() == null ? ""
        : ", limit in " + FindingText.seconds(leak.timeToLimitSeconds());
    out.add(ContainerFindings.finding(st, FindingKind.MEMORY_LEAK, StudiedSeries.WORKING_SET.key(), st.leakStartMs,
        Math.max(end, st.leakStartMs), endMs, 0.5 + 0.4 * leak.score(), leak.slopePerSecond(),
        String.format(Locale.ROOT, "working set rising %s/s (leak score %.2f%s)",
            FindingText.bytes(leak.slopePerSecond()), leak.score(), toLimit),
        details));
  }
}
