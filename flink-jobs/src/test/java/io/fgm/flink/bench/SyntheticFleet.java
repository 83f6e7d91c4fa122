package io.fgm.flink.bench;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic fleet of {@code nodes × containersPerNode} containers producing one sample per container and
 * second with 40 metrics that behave like real cgroup readings: counters that grow by a busy/idle random walk,
 * gauges that drift, limits that stay put, idle IO and near-zero pressure. Seeded, so runs are comparable.
 */
public final class SyntheticFleet implements Fleet {
  /** The 40 metrics of each sample (what a cgroup v2 node agent reads, minus the optional PSS family). */
  static final List<Metric> METRICS =
      List.of(
          Metric.CPU_USAGE_US, Metric.CPU_USER_US, Metric.CPU_SYSTEM_US, Metric.CPU_NR_PERIODS,
          Metric.CPU_NR_THROTTLED, Metric.CPU_THROTTLED_US, Metric.CPU_LIMIT_MILLICORES,
          Metric.MEMORY_CURRENT_BYTES, Metric.MEMORY_PEAK_BYTES, Metric.MEMORY_LIMIT_BYTES,
          Metric.MEMORY_WORKING_SET_BYTES, Metric.MEMORY_ANON_BYTES, Metric.MEMORY_FILE_BYTES,
          Metric.MEMORY_KERNEL_BYTES, Metric.MEMORY_SHMEM_BYTES, Metric.MEMORY_FILE_MAPPED_BYTES,
          Metric.MEMORY_ACTIVE_FILE_BYTES, Metric.MEMORY_INACTIVE_FILE_BYTES, Metric.MEMORY_PGFAULT,
          Metric.MEMORY_PGMAJFAULT, Metric.MEMORY_WORKINGSET_REFAULT, Metric.MEMORY_EVENTS_OOM,
          Metric.MEMORY_EVENTS_OOM_KILL, Metric.MEMORY_EVENTS_MAX, Metric.MEMORY_EVENTS_HIGH,
          Metric.IO_READ_BYTES, Metric.IO_WRITE_BYTES, Metric.IO_READ_OPS, Metric.IO_WRITE_OPS,
          Metric.PIDS_CURRENT, Metric.PSI_CPU_SOME_AVG10, Metric.PSI_CPU_SOME_TOTAL_US, Metric.PSI_CPU_FULL_AVG10,
          Metric.PSI_CPU_FULL_TOTAL_US, Metric.PSI_MEMORY_SOME_AVG10, Metric.PSI_MEMORY_SOME_TOTAL_US,
          Metric.PSI_MEMORY_FULL_AVG10, Metric.PSI_MEMORY_FULL_TOTAL_US, Metric.PSI_IO_SOME_AVG10,
          Metric.PSI_IO_SOME_TOTAL_US);

  private final int nodes;
  private final int containersPerNode;
  private final ContainerRef[] refs;
  private final double[][] state; // per container: cpu, user, system, periods, throttled, thr_us, mem, pgfault, ...
  private final double[] busy; // per container: typical cores used
  private final SplittableRandom rnd;

  public SyntheticFleet(int nodes, int containersPerNode, long seed) {
    this.nodes = nodes;
    this.containersPerNode = containersPerNode;
    this.rnd = new SplittableRandom(seed);
    int n = nodes * containersPerNode;
    refs = new ContainerRef[n];
    state = new double[n][12];
    busy = new double[n];
    for (int i = 0; i < n; i++) {
      String id = String.format("%016x%016x%016x%016x", seed, i, (long) i * 31 + 7, (long) i * 131 + 3);
      String pod = String.format("%08x-%04x-%04x-%04x-%012x", i, 1, 2, 3, i);
      QosClass qos = QosClass.values()[i % 3];
      refs[i] = ContainerRef.of(id, pod, qos, "/kubepods/" + qos.name().toLowerCase() + "/pod" + pod + "/" + id);
      busy[i] = rnd.nextDouble() < 0.7 ? rnd.nextDouble() * 0.05 : rnd.nextDouble() * 2.0;
      state[i][6] = 50e6 + rnd.nextDouble() * 2e9; // memory current
    }
  }

  @Override
  public int containers() {
    return refs.length;
  }

  public String node(int container) {
    return String.format("node-%04d", container / containersPerNode);
  }

  public int nodes() {
    return nodes;
  }

  /** The sample of one container at {@code timeMs}, advancing its counters by one second. */
  @Override
  public ContainerSample next(int c, long timeMs) {
    double[] s = state[c];
    double cores = Math.max(0, busy[c] * (0.8 + 0.4 * rnd.nextDouble()));
    double cpuUs = Math.floor(cores * 1e6);
    s[0] += cpuUs;
    s[1] += Math.floor(cpuUs * 0.8);
    s[2] += cpuUs - Math.floor(cpuUs * 0.8);
    s[3] += 10;
    boolean throttled = cores > 1.5 && rnd.nextDouble() < 0.3;
    if (throttled) {
      s[4] += 1 + rnd.nextInt(3);
      s[5] += 1000 * (1 + rnd.nextInt(50));
    }
    s[6] = Math.max(10e6, s[6] + Math.floor((rnd.nextDouble() - 0.5) * 65536) * 4);
    s[7] += rnd.nextInt(1 + (int) (cores * 100));
    if (rnd.nextDouble() < 0.01) {
      s[8] += 8 * (1 + rnd.nextInt(64)) * 4096; // occasional writes
      s[9] += 1 + rnd.nextInt(8);
    }
    s[10] += Math.floor(cores * 1000 * rnd.nextDouble()); // psi cpu some total
    Map<String, Double> m = new HashMap<>(64);
    double mem = s[6];
    double file = Math.floor(mem * 0.3 / 4096) * 4096;
    put(m, Metric.CPU_USAGE_US, s[0]);
    put(m, Metric.CPU_USER_US, s[1]);
    put(m, Metric.CPU_SYSTEM_US, s[2]);
    put(m, Metric.CPU_NR_PERIODS, s[3]);
    put(m, Metric.CPU_NR_THROTTLED, s[4]);
    put(m, Metric.CPU_THROTTLED_US, s[5]);
    put(m, Metric.CPU_LIMIT_MILLICORES, 2000);
    put(m, Metric.MEMORY_CURRENT_BYTES, mem);
    put(m, Metric.MEMORY_PEAK_BYTES, Math.max(mem, 2.5e9));
    put(m, Metric.MEMORY_LIMIT_BYTES, 4294967296.0);
    put(m, Metric.MEMORY_WORKING_SET_BYTES, mem - Math.floor(file / 2 / 4096) * 4096);
    put(m, Metric.MEMORY_ANON_BYTES, mem - file);
    put(m, Metric.MEMORY_FILE_BYTES, file);
    put(m, Metric.MEMORY_KERNEL_BYTES, 8_392_704);
    put(m, Metric.MEMORY_SHMEM_BYTES, 0);
    put(m, Metric.MEMORY_FILE_MAPPED_BYTES, 4_096 * 1024);
    put(m, Metric.MEMORY_ACTIVE_FILE_BYTES, Math.floor(file / 2 / 4096) * 4096);
    put(m, Metric.MEMORY_INACTIVE_FILE_BYTES, file - Math.floor(file / 2 / 4096) * 4096);
    put(m, Metric.MEMORY_PGFAULT, s[7]);
    put(m, Metric.MEMORY_PGMAJFAULT, 12);
    put(m, Metric.MEMORY_WORKINGSET_REFAULT, 0);
    put(m, Metric.MEMORY_EVENTS_OOM, 0);
    put(m, Metric.MEMORY_EVENTS_OOM_KILL, 0);
    put(m, Metric.MEMORY_EVENTS_MAX, 0);
    put(m, Metric.MEMORY_EVENTS_HIGH, 0);
    put(m, Metric.IO_READ_BYTES, 1_048_576);
    put(m, Metric.IO_WRITE_BYTES, s[8]);
    put(m, Metric.IO_READ_OPS, 64);
    put(m, Metric.IO_WRITE_OPS, s[9]);
    put(m, Metric.PIDS_CURRENT, 4 + c % 20);
    put(m, Metric.PSI_CPU_SOME_AVG10, throttled ? Math.round(rnd.nextDouble() * 500) / 100.0 : 0);
    put(m, Metric.PSI_CPU_SOME_TOTAL_US, s[10]);
    put(m, Metric.PSI_CPU_FULL_AVG10, 0);
    put(m, Metric.PSI_CPU_FULL_TOTAL_US, Math.floor(s[10] / 4));
    put(m, Metric.PSI_MEMORY_SOME_AVG10, 0);
    put(m, Metric.PSI_MEMORY_SOME_TOTAL_US, 1234);
    put(m, Metric.PSI_MEMORY_FULL_AVG10, 0);
    put(m, Metric.PSI_MEMORY_FULL_TOTAL_US, 1000);
    put(m, Metric.PSI_IO_SOME_AVG10, 0);
    put(m, Metric.PSI_IO_SOME_TOTAL_US, 5678);
    return new ContainerSample(timeMs, node(c), refs[c], m);
  }

  private static void put(Map<String, Double> m, Metric metric, double v) {
    m.put(metric.key(), v);
  }
}
