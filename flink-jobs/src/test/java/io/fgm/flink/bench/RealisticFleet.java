package io.fgm.flink.bench;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fleet whose values move the way cgroup files move (README "Bytes per value", measured on this machine's
 * cgroups): every counter and byte gauge is an integer (µs, bytes, pages, counts); memory gauges move in whole
 * 4 KiB pages and only in some seconds (busy cgroups measured here: {@code memory.usage_in_bytes} changed in 66–73 %
 * of the seconds, median step 570 pages; page cache in 49 %, median 20 pages; idle containers are modelled at 15 %
 * with 8-page steps); limits, failure counters, OOM events, throttling of unthrottled containers, pids and the
 * pressure of idle containers stay constant for long stretches (0 changes in 40 s here); CPU time counters advance
 * every second (100 %). 70 % of the containers are idle (2–50 millicores), 30 % busy (0.2–2 cores), as in
 * {@link SyntheticFleet}, with the same 40 metrics.
 */
public final class RealisticFleet implements Fleet {
  private static final double PAGE = 4096;

  private final int containersPerNode;
  private final ContainerRef[] refs;
  private final boolean[] busy;
  private final double[] cores;
  private final double[][] s; // per container: the state below
  private final SplittableRandom rnd;

  // state indexes
  private static final int CPU = 0, USER = 1, SYS = 2, PERIODS = 3, THR = 4, THR_US = 5, ANON = 6, FILE = 7,
      ACTIVE_FILE = 8, KERNEL = 9, MAPPED = 10, PEAK = 11, PGFAULT = 12, PGMAJ = 13, REFAULT = 14, RB = 15, WB = 16,
      RIOS = 17, WIOS = 18, PSI_CPU = 19, PSI_MEM = 20, PSI_IO = 21;

  public RealisticFleet(int nodes, int containersPerNode, long seed) {
    this.containersPerNode = containersPerNode;
    this.rnd = new SplittableRandom(seed);
    int n = nodes * containersPerNode;
    refs = new ContainerRef[n];
    busy = new boolean[n];
    cores = new double[n];
    s = new double[n][22];
    for (int i = 0; i < n; i++) {
      String id = String.format("%016x%016x%016x%016x", seed, i, (long) i * 31 + 7, (long) i * 131 + 3);
      String pod = String.format("%08x-%04x-%04x-%04x-%012x", i, 1, 2, 3, i);
      QosClass qos = QosClass.values()[i % 3];
      refs[i] = ContainerRef.of(id, pod, qos, "/kubepods/" + qos.name().toLowerCase() + "/pod" + pod + "/" + id);
      busy[i] = rnd.nextDouble() >= 0.7;
      cores[i] = busy[i] ? 0.2 + rnd.nextDouble() * 1.8 : 0.002 + rnd.nextDouble() * 0.048;
      s[i][ANON] = pages(10_000 + rnd.nextInt(400_000));
      s[i][FILE] = pages(1_000 + rnd.nextInt(100_000));
      s[i][ACTIVE_FILE] = Math.floor(s[i][FILE] / PAGE / 2) * PAGE;
      s[i][KERNEL] = pages(500 + rnd.nextInt(3_000));
      s[i][MAPPED] = pages(100 + rnd.nextInt(5_000));
      s[i][PEAK] = s[i][ANON] + s[i][FILE] + s[i][KERNEL] + pages(rnd.nextInt(50_000));
      s[i][PGFAULT] = rnd.nextInt(10_000_000);
      s[i][RB] = pages(rnd.nextInt(1_000_000));
      s[i][WB] = pages(rnd.nextInt(1_000_000));
      s[i][RIOS] = rnd.nextInt(100_000);
      s[i][WIOS] = rnd.nextInt(100_000);
      s[i][CPU] = rnd.nextInt(1 << 30);
      s[i][USER] = Math.floor(s[i][CPU] * 0.8);
      s[i][SYS] = s[i][CPU] - s[i][USER];
      s[i][PERIODS] = rnd.nextInt(1_000_000);
    }
  }

  @Override
  public int containers() {
    return refs.length;
  }

  private static double pages(long n) {
    return n * PAGE;
  }

  /** A whole-page step: log-uniform between 1 and 2 × median pages, either sign. */
  private double pageStep(double medianPages) {
    double p = Math.floor(Math.exp(rnd.nextDouble() * Math.log(2 * medianPages)));
    return (rnd.nextBoolean() ? 1 : -1) * Math.max(1, p) * PAGE;
  }

  @Override
  public ContainerSample next(int c, long timeMs) {
    double[] v = s[c];
    boolean b = busy[c];
    double used = Math.floor(cores[c] * 1e6 * (0.8 + 0.4 * rnd.nextDouble()));
    v[CPU] += used;
    double user = Math.floor(used * 0.8);
    v[USER] += user;
    v[SYS] += used - user;
    v[PERIODS] += b ? 10 : 1 + rnd.nextInt(10); // 100 ms periods with runnable tasks
    if (b && cores[c] > 1.5 && rnd.nextDouble() < 0.3) {
      v[THR] += 1 + rnd.nextInt(3);
      v[THR_US] += 1000 * (1 + rnd.nextInt(50));
      v[PSI_CPU] += 1 + rnd.nextInt(200_000);
    }
    if (rnd.nextDouble() < (b ? 0.7 : 0.15)) { // anonymous memory moves in whole pages
      v[ANON] = Math.max(pages(1_000), v[ANON] + pageStep(b ? 570 : 8));
      v[PGFAULT] += 1 + rnd.nextInt(b ? 2_200 : 20);
    }
    if (rnd.nextDouble() < (b ? 0.49 : 0.05)) { // page cache
      v[FILE] = Math.max(pages(100), v[FILE] + pageStep(b ? 20 : 4));
      if (rnd.nextDouble() < 0.5) {
        v[ACTIVE_FILE] = Math.floor(v[FILE] / PAGE * (0.3 + 0.4 * rnd.nextDouble())) * PAGE;
      }
      v[ACTIVE_FILE] = Math.min(v[ACTIVE_FILE], v[FILE]);
    }
    if (rnd.nextDouble() < 0.03) {
      v[KERNEL] = Math.max(pages(100), v[KERNEL] + pageStep(2));
    }
    if (rnd.nextDouble() < (b ? 0.28 : 0.02)) {
      v[MAPPED] = Math.max(0, v[MAPPED] + pageStep(4));
    }
    if (b && rnd.nextDouble() < 0.02) {
      v[PGMAJ] += 1 + rnd.nextInt(5);
    }
    if (b && rnd.nextDouble() < 0.08) {
      v[REFAULT] += 1 + rnd.nextInt(100);
      v[PSI_MEM] += 1 + rnd.nextInt(5_000);
    }
    if (rnd.nextDouble() < (b ? 0.3 : 0.02)) {
      int ios = 1 + rnd.nextInt(8);
      v[WB] += pages(ios * (1 + rnd.nextInt(32)));
      v[WIOS] += ios;
      if (b && rnd.nextDouble() < 0.1) {
        v[PSI_IO] += 1 + rnd.nextInt(20_000);
      }
    }
    if (rnd.nextDouble() < 0.01) {
      int ios = 1 + rnd.nextInt(4);
      v[RB] += pages(ios * (1 + rnd.nextInt(32)));
      v[RIOS] += ios;
    }
    double current = v[ANON] + v[FILE] + v[KERNEL];
    v[PEAK] = Math.max(v[PEAK], current);
    double inactiveFile = v[FILE] - v[ACTIVE_FILE];

    Map<String, Double> m = new HashMap<>(64);
    put(m, Metric.CPU_USAGE_US, v[CPU]);
    put(m, Metric.CPU_USER_US, v[USER]);
    put(m, Metric.CPU_SYSTEM_US, v[SYS]);
    put(m, Metric.CPU_NR_PERIODS, v[PERIODS]);
    put(m, Metric.CPU_NR_THROTTLED, v[THR]);
    put(m, Metric.CPU_THROTTLED_US, v[THR_US]);
    put(m, Metric.CPU_LIMIT_MILLICORES, 2000);
    put(m, Metric.MEMORY_CURRENT_BYTES, current);
    put(m, Metric.MEMORY_PEAK_BYTES, v[PEAK]);
    put(m, Metric.MEMORY_LIMIT_BYTES, 4294967296.0);
    put(m, Metric.MEMORY_WORKING_SET_BYTES, current - inactiveFile);
    put(m, Metric.MEMORY_ANON_BYTES, v[ANON]);
    put(m, Metric.MEMORY_FILE_BYTES, v[FILE]);
    put(m, Metric.MEMORY_KERNEL_BYTES, v[KERNEL]);
    put(m, Metric.MEMORY_SHMEM_BYTES, 0);
    put(m, Metric.MEMORY_FILE_MAPPED_BYTES, v[MAPPED]);
    put(m, Metric.MEMORY_ACTIVE_FILE_BYTES, v[ACTIVE_FILE]);
    put(m, Metric.MEMORY_INACTIVE_FILE_BYTES, inactiveFile);
    put(m, Metric.MEMORY_PGFAULT, v[PGFAULT]);
    put(m, Metric.MEMORY_PGMAJFAULT, v[PGMAJ]);
    put(m, Metric.MEMORY_WORKINGSET_REFAULT, v[REFAULT]);
    put(m, Metric.MEMORY_EVENTS_OOM, 0);
    put(m, Metric.MEMORY_EVENTS_OOM_KILL, 0);
    put(m, Metric.MEMORY_EVENTS_MAX, 0);
    put(m, Metric.MEMORY_EVENTS_HIGH, 0);
    put(m, Metric.IO_READ_BYTES, v[RB]);
    put(m, Metric.IO_WRITE_BYTES, v[WB]);
    put(m, Metric.IO_READ_OPS, v[RIOS]);
    put(m, Metric.IO_WRITE_OPS, v[WIOS]);
    put(m, Metric.PIDS_CURRENT, 4 + c % 20);
    put(m, Metric.PSI_CPU_SOME_AVG10, b && v[THR] > 0 ? Math.round(rnd.nextDouble() * 500) / 100.0 : 0);
    put(m, Metric.PSI_CPU_SOME_TOTAL_US, v[PSI_CPU]);
    put(m, Metric.PSI_CPU_FULL_AVG10, 0);
    put(m, Metric.PSI_CPU_FULL_TOTAL_US, Math.floor(v[PSI_CPU] / 4));
    put(m, Metric.PSI_MEMORY_SOME_AVG10, 0);
    put(m, Metric.PSI_MEMORY_SOME_TOTAL_US, v[PSI_MEM]);
    put(m, Metric.PSI_MEMORY_FULL_AVG10, 0);
    put(m, Metric.PSI_MEMORY_FULL_TOTAL_US, Math.floor(v[PSI_MEM] / 2));
    put(m, Metric.PSI_IO_SOME_AVG10, 0);
    put(m, Metric.PSI_IO_SOME_TOTAL_US, v[PSI_IO]);
    return new ContainerSample(timeMs, String.format("node-%04d", c / containersPerNode), refs[c], m);
  }

  private static void put(Map<String, Double> m, Metric metric, double v) {
    m.put(metric.key(), v);
  }
}
