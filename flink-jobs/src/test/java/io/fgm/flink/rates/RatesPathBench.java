package io.fgm.flink.rates;

import io.fgm.flink.bench.Fleet;
import io.fgm.flink.rollup.MetricStats;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.CounterRates;
import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thread-CPU benchmark of a sample's way through the rate operator and what reads its metrics after it in the chain
 * (the raw writer's lookup of every catalogue metric, the rollup aggregate's iteration, the studies' lookups), with
 * the rates as a copy (before: {@code CounterRates.derive} into a map, then both copied into a third) and as
 * {@link RatedMetrics}, side by side in one JVM.
 *
 * <pre>java -cp … io.fgm.flink.rates.RatesPathBench [containers=100] [seconds=60] [reps=15]</pre>
 */
public final class RatesPathBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Metric[] STUDIED = {Metric.CPU_USAGE_MILLICORES, Metric.MEMORY_WORKING_SET_BYTES,
      Metric.PSI_CPU_SOME_AVG10, Metric.PSI_MEMORY_SOME_AVG10, Metric.PSI_IO_SOME_AVG10,
      Metric.MEMORY_EVENTS_OOM_KILL, Metric.MEMORY_LIMIT_BYTES, Metric.CPU_THROTTLED_RATIO};

  public static void main(String[] args) {
    int containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    Fleet fleet = Fleet.of("realistic", 1, containers, 42);
    ContainerSample[][] samples = new ContainerSample[seconds][containers];
    for (int s = 0; s < seconds; s++) {
      for (int c = 0; c < containers; c++) {
        samples[s][c] = fleet.next(c, 1_767_225_600_000L + s * 1000L);
      }
    }
    long[][] t = new long[2][reps];
    long values = 0;
    for (int r = 0; r < reps + 3; r++) {
      long[] run = new long[2];
      for (int v = 0; v < 2; v++) {
        long[] out = run(samples, v == 1);
        run[v] = out[0];
        values = out[1];
      }
      if (r >= 3) {
        for (int v = 0; v < 2; v++) {
          t[v][r - 3] = run[v];
        }
      }
    }
    String[] names = {"copy (before)", "RatedMetrics view"};
    System.out.printf("%d samples, %d values with rates; ns of thread CPU per value, median [min..max] of %d%n",
        containers * seconds, values, reps);
    for (int v = 0; v < 2; v++) {
      long[] x = t[v].clone();
      Arrays.sort(x);
      System.out.printf("%-20s %6.1f [%.1f..%.1f]%n", names[v], x[reps / 2] / (double) values,
          x[0] / (double) values, x[reps - 1] / (double) values);
    }
  }

  private static long[] run(ContainerSample[][] samples, boolean view) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    int containers = samples[0].length;
    double[][] prev = new double[containers][];
    long[] prevMs = new long[containers];
    double[] row = new double[Metric.values().length];
    long values = 0;
    double check = 0;
    Map<String, double[]> stats = new HashMap<>();
    for (ContainerSample[] second : samples) {
      for (int c = 0; c < containers; c++) {
        ContainerSample s = second[c];
        double[] cur = CounterRates.snapshot(s.metrics());
        Map<String, Double> all;
        if (prev[c] == null) {
          all = s.metrics();
        } else if (view) {
          RatedMetrics rated = new RatedMetrics(s.metrics());
          CounterRates.deriveInto(prev[c], prevMs[c], cur, s.timestampMs(), 60_000, rated);
          all = rated.seal();
        } else {
          Map<String, Double> derived = new LinkedHashMap<>();
          CounterRates.deriveInto(prev[c], prevMs[c], cur, s.timestampMs(), 60_000, derived);
          all = new HashMap<>((s.metrics().size() + derived.size()) * 2);
          all.putAll(s.metrics());
          all.putAll(derived);
        }
        ContainerSample rated = new ContainerSample(s.timestampMs(), s.node(), s.container(), all);
        prev[c] = cur;
        prevMs[c] = s.timestampMs();
        values += rated.metrics().size();
        SampleRows.valuesInto(rated.metrics(), row); // raw writer
        check += row[0];
        if (c == 0) {
          stats.clear();
        }
        MetricStats.add(stats, s.timestampMs(), rated.metrics()); // rollup aggregate
        for (Metric m : STUDIED) { // studies and events
          check += rated.value(m) > 0 ? 1 : 0;
        }
      }
    }
    if (check == 0) {
      throw new IllegalStateException("nothing read");
    }
    return new long[] {THREADS.getCurrentThreadCpuTime() - t0, values};
  }
}
