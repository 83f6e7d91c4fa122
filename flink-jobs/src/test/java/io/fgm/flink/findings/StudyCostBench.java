package io.fgm.flink.findings;

import io.fgm.flink.bench.Fleet;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.CounterRates;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the window studies cost in a long-running job, where each study sees a full window (the ingest benchmark's
 * 60-s backlog only ever fills a minute of it): feeds {@code --containers} containers of a fleet (with their
 * derived rates) through {@link ContainerFindings} for {@code --minutes} minutes, and reports the thread CPU of
 * the studies per container and slide, and per stored value (51 per sample), apart from the per-sample work.
 *
 * <pre>java -cp … io.fgm.flink.findings.StudyCostBench --containers 200 --minutes 15 [--fleet realistic]</pre>
 */
public final class StudyCostBench {
  private StudyCostBench() {}

  public static void main(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int containers = Integer.parseInt(a.getOrDefault("containers", "200"));
    int minutes = Integer.parseInt(a.getOrDefault("minutes", "15"));
    Fleet fleet = Fleet.of(a.getOrDefault("fleet", "realistic"), 1, containers, 42);
    FindingsSettings settings = FindingsSettings.defaults();
    ContainerFindings core = new ContainerFindings(settings);
    ContainerFindingsState[] st = new ContainerFindingsState[containers];
    double[][] prev = new double[containers][];
    long[] prevMs = new long[containers];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = 1_767_225_600_000L;
    int window = (int) settings.window().toMinutes();
    long[] perMinuteStudyNs = new long[minutes];
    long sampleNs = 0;
    long studies = 0;
    long findings = 0;
    long values = 0;
    for (int s = 0; s < minutes * 60; s++) {
      long t = start + s * 1000L;
      for (int c = 0; c < containers; c++) {
        ContainerSample raw = fleet.next(c, t);
        double[] cur = CounterRates.snapshot(raw.metrics());
        Map<String, Double> m = new HashMap<>(raw.metrics());
        CounterRates.deriveInto(prev[c], prevMs[c], cur, t, CounterRates.DEFAULT_MAX_GAP_MS, m);
        prev[c] = cur;
        prevMs[c] = t;
        ContainerSample sample = new ContainerSample(t, raw.node(), raw.container(), m);
        values += m.size();
        if (st[c] == null) {
          st[c] = core.newState(sample);
        }
        long closed = core.windowClosedBy(st[c], t);
        if (closed != Long.MIN_VALUE) {
          long t0 = mx.getCurrentThreadCpuTime();
          findings += core.onWindowClosed(st[c], closed).size();
          perMinuteStudyNs[s / 60] += mx.getCurrentThreadCpuTime() - t0;
          studies++;
        }
        long t0 = mx.getCurrentThreadCpuTime();
        findings += core.onSample(st[c], sample).size();
        long end = core.windowEndFor(t);
        if (end > st[c].nextWindowEndMs) {
          st[c].nextWindowEndMs = end;
        }
        sampleNs += mx.getCurrentThreadCpuTime() - t0;
      }
    }
    // minutes whose study saw a full window, past JIT warm-up
    long[] full = Arrays.copyOfRange(perMinuteStudyNs, Math.min(window + 1, minutes - 1), minutes);
    Arrays.sort(full);
    double medianMs = full[full.length / 2] / 1e6;
    System.out.printf("%d containers x %d min: %d studies, %d findings; per-sample work %.0f ns/sample%n",
        containers, minutes, studies, findings, (double) sampleNs / ((long) containers * minutes * 60));
    System.out.printf("studies with a full %d-min window: median %.1f ms per minute for %d containers = %.3f ms per "
            + "container and slide = %.0f ns per stored value (%.1f values per sample)%n", window, medianMs, containers,
        medianMs / containers, medianMs * 1e6 / containers / (60.0 * values / ((double) containers * minutes * 60)),
        values / ((double) containers * minutes * 60));
    System.out.printf("per minute (ms): %s%n", Arrays.toString(Arrays.stream(perMinuteStudyNs).map(n -> n / 1_000_000)
        .toArray()));
  }
}
