package io.fgm.schema;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of metric names fgm stores, with unit, kind and meaning. SCHEMA.md is written from this list.
 *
 * <p>{@link Kind#COUNTER} metrics are cumulative kernel counters as the agent read them; Flink derives per-second
 * rates from them ({@link Kind#DERIVED}). {@link Kind#GAUGE} metrics are point-in-time readings.
 */
public enum Metric {
  // CPU: cgroup v2 cpu.stat / v1 cpuacct + cpu.stat
  CPU_USAGE_US("cpu.usage_us", Unit.MICROSECONDS, Kind.COUNTER, "Total CPU time consumed"),
  CPU_USER_US("cpu.user_us", Unit.MICROSECONDS, Kind.COUNTER, "CPU time in user mode"),
  CPU_SYSTEM_US("cpu.system_us", Unit.MICROSECONDS, Kind.COUNTER, "CPU time in kernel mode"),
  CPU_NR_PERIODS("cpu.nr_periods", Unit.COUNT, Kind.COUNTER, "CFS enforcement periods elapsed"),
  CPU_NR_THROTTLED("cpu.nr_throttled", Unit.COUNT, Kind.COUNTER, "CFS periods in which the cgroup was throttled"),
  CPU_THROTTLED_US("cpu.throttled_us", Unit.MICROSECONDS, Kind.COUNTER, "Total time throttled"),
  CPU_LIMIT_MILLICORES("cpu.limit_millicores", Unit.MILLICORES, Kind.GAUGE,
      "CPU limit from cpu.max / cfs_quota_us; absent when unlimited"),
  // memory: v2 memory.* / v1 memory.*_in_bytes
  MEMORY_CURRENT_BYTES("memory.current_bytes", Unit.BYTES, Kind.GAUGE, "Memory charged to the cgroup"),
  MEMORY_PEAK_BYTES("memory.peak_bytes", Unit.BYTES, Kind.GAUGE, "Highest memory charged since creation"),
  MEMORY_LIMIT_BYTES("memory.limit_bytes", Unit.BYTES, Kind.GAUGE, "Memory limit; absent when unlimited"),
  MEMORY_WORKING_SET_BYTES("memory.working_set_bytes", Unit.BYTES, Kind.GAUGE,
      "Working set as the kubelet defines it: current - inactive_file, floored at 0"),
  MEMORY_ANON_BYTES("memory.anon_bytes", Unit.BYTES, Kind.GAUGE, "Anonymous memory (v1: rss)"),
  MEMORY_FILE_BYTES("memory.file_bytes", Unit.BYTES, Kind.GAUGE, "Page cache (v1: cache)"),
  MEMORY_KERNEL_BYTES("memory.kernel_bytes", Unit.BYTES, Kind.GAUGE, "Kernel memory"),
  MEMORY_SHMEM_BYTES("memory.shmem_bytes", Unit.BYTES, Kind.GAUGE, "Shared memory"),
  MEMORY_FILE_MAPPED_BYTES("memory.file_mapped_bytes", Unit.BYTES, Kind.GAUGE, "Page cache mapped into processes"),
  MEMORY_ACTIVE_FILE_BYTES("memory.active_file_bytes", Unit.BYTES, Kind.GAUGE, "Active page cache"),
  MEMORY_INACTIVE_FILE_BYTES("memory.inactive_file_bytes", Unit.BYTES, Kind.GAUGE, "Inactive page cache"),
  MEMORY_PGFAULT("memory.pgfault", Unit.COUNT, Kind.COUNTER, "Page faults"),
  MEMORY_PGMAJFAULT("memory.pgmajfault", Unit.COUNT, Kind.COUNTER, "Major page faults"),
  MEMORY_WORKINGSET_REFAULT("memory.workingset_refault", Unit.COUNT, Kind.COUNTER,
      "Refaults of previously evicted pages (v2: workingset_refault_anon + _file)"),
  MEMORY_EVENTS_OOM("memory.events.oom", Unit.COUNT, Kind.COUNTER, "Times the cgroup hit its limit and OOM ran"),
  MEMORY_EVENTS_OOM_KILL("memory.events.oom_kill", Unit.COUNT, Kind.COUNTER, "Processes killed by the OOM killer"),
  MEMORY_EVENTS_MAX("memory.events.max", Unit.COUNT, Kind.COUNTER, "Times usage was about to exceed memory.max"),
  MEMORY_EVENTS_HIGH("memory.events.high", Unit.COUNT, Kind.COUNTER, "Times usage exceeded memory.high"),
  MEMORY_FAILCNT("memory.failcnt", Unit.COUNT, Kind.COUNTER, "v1: times usage hit the limit"),
  MEMORY_PSS_BYTES("memory.pss_bytes", Unit.BYTES, Kind.GAUGE, "Proportional set size over the cgroup's processes"),
  MEMORY_PSS_ANON_BYTES("memory.pss_anon_bytes", Unit.BYTES, Kind.GAUGE, "PSS of anonymous memory"),
  MEMORY_PSS_FILE_BYTES("memory.pss_file_bytes", Unit.BYTES, Kind.GAUGE, "PSS of file-backed memory"),
  MEMORY_PSS_SHMEM_BYTES("memory.pss_shmem_bytes", Unit.BYTES, Kind.GAUGE, "PSS of shared memory"),
  MEMORY_RSS_BYTES("memory.rss_bytes", Unit.BYTES, Kind.GAUGE, "Resident set size (agent self-monitoring)"),
  // IO: v2 io.stat / v1 blkio.throttle.io_service_bytes + io_serviced, summed over devices
  IO_READ_BYTES("io.read_bytes", Unit.BYTES, Kind.COUNTER, "Bytes read from block devices"),
  IO_WRITE_BYTES("io.write_bytes", Unit.BYTES, Kind.COUNTER, "Bytes written to block devices"),
  IO_READ_OPS("io.read_ops", Unit.COUNT, Kind.COUNTER, "Read operations"),
  IO_WRITE_OPS("io.write_ops", Unit.COUNT, Kind.COUNTER, "Write operations"),
  PIDS_CURRENT("pids.current", Unit.COUNT, Kind.GAUGE, "Number of tasks in the cgroup"),
  // PSI: cpu.pressure, memory.pressure, io.pressure
  PSI_CPU_SOME_AVG10("psi.cpu.some_avg10", Unit.PERCENT, Kind.GAUGE, "Share of time some task stalled on CPU, 10 s"),
  PSI_CPU_SOME_TOTAL_US("psi.cpu.some_total_us", Unit.MICROSECONDS, Kind.COUNTER, "Total CPU stall time, some"),
  PSI_CPU_FULL_AVG10("psi.cpu.full_avg10", Unit.PERCENT, Kind.GAUGE, "Share of time all tasks stalled on CPU, 10 s"),
  PSI_CPU_FULL_TOTAL_US("psi.cpu.full_total_us", Unit.MICROSECONDS, Kind.COUNTER, "Total CPU stall time, full"),
  PSI_MEMORY_SOME_AVG10("psi.memory.some_avg10", Unit.PERCENT, Kind.GAUGE, "Share of time some task stalled on memory"),
  PSI_MEMORY_SOME_TOTAL_US("psi.memory.some_total_us", Unit.MICROSECONDS, Kind.COUNTER, "Memory stall time, some"),
  PSI_MEMORY_FULL_AVG10("psi.memory.full_avg10", Unit.PERCENT, Kind.GAUGE, "Share of time all tasks stalled on memory"),
  PSI_MEMORY_FULL_TOTAL_US("psi.memory.full_total_us", Unit.MICROSECONDS, Kind.COUNTER, "Memory stall time, full"),
  PSI_IO_SOME_AVG10("psi.io.some_avg10", Unit.PERCENT, Kind.GAUGE, "Share of time some task stalled on IO, 10 s"),
  PSI_IO_SOME_TOTAL_US("psi.io.some_total_us", Unit.MICROSECONDS, Kind.COUNTER, "IO stall time, some"),
  PSI_IO_FULL_AVG10("psi.io.full_avg10", Unit.PERCENT, Kind.GAUGE, "Share of time all tasks stalled on IO, 10 s"),
  PSI_IO_FULL_TOTAL_US("psi.io.full_total_us", Unit.MICROSECONDS, Kind.COUNTER, "IO stall time, full"),
  // derived in Flink from the counters above
  CPU_USAGE_MILLICORES("cpu.usage_millicores", Unit.MILLICORES, Kind.DERIVED, "CPU use: 1000 = one core busy"),
  CPU_USER_MILLICORES("cpu.user_millicores", Unit.MILLICORES, Kind.DERIVED, "CPU use in user mode"),
  CPU_SYSTEM_MILLICORES("cpu.system_millicores", Unit.MILLICORES, Kind.DERIVED, "CPU use in kernel mode"),
  CPU_THROTTLED_RATIO("cpu.throttled_ratio", Unit.RATIO, Kind.DERIVED, "Throttled periods / periods in the second"),
  CPU_THROTTLED_US_PER_S("cpu.throttled_us_per_s", Unit.MICROSECONDS_PER_SECOND, Kind.DERIVED,
      "Throttled time per second"),
  IO_READ_BYTES_PER_S("io.read_bytes_per_s", Unit.BYTES_PER_SECOND, Kind.DERIVED, "Read throughput"),
  IO_WRITE_BYTES_PER_S("io.write_bytes_per_s", Unit.BYTES_PER_SECOND, Kind.DERIVED, "Write throughput"),
  IO_READ_OPS_PER_S("io.read_ops_per_s", Unit.PER_SECOND, Kind.DERIVED, "Read operations per second"),
  IO_WRITE_OPS_PER_S("io.write_ops_per_s", Unit.PER_SECOND, Kind.DERIVED, "Write operations per second"),
  MEMORY_PGFAULT_PER_S("memory.pgfault_per_s", Unit.PER_SECOND, Kind.DERIVED, "Page faults per second"),
  MEMORY_PGMAJFAULT_PER_S("memory.pgmajfault_per_s", Unit.PER_SECOND, Kind.DERIVED, "Major page faults per second");

  /** How a metric's values behave over time. */
  public enum Kind {
    COUNTER,
    GAUGE,
    DERIVED
  }

  /**
   * Units, with the symbol the viewer prints and the resolution the raw tier stores them at ({@link #decimals()}).
   *
   * <p>Why a stored resolution: the kernel's counters and byte gauges are integers, PSI averages have two decimals,
   * and a rate over whole seconds of an integer counter is a decimal with at most three digits (CPU: µs per ms).
   * Stored as scaled 64-bit integers these compress to a fraction of the bytes of doubles (a double of Δµs / 1000
   * carries a full random mantissa), and read back as exactly the double the job computed.
   */
  public enum Unit {
    MICROSECONDS("us", 0),
    MILLICORES("m", 3),
    BYTES("B", 0),
    COUNT("1", 0),
    PERCENT("%", 2),
    RATIO("ratio", FLOATING),
    BYTES_PER_SECOND("B/s", 3),
    PER_SECOND("1/s", 3),
    MICROSECONDS_PER_SECOND("us/s", 3);

    private final String symbol;
    private final int decimals;

    Unit(String symbol, int decimals) {
      this.symbol = symbol;
      this.decimals = decimals;
    }

    public String symbol() {
      return symbol;
    }

    /**
     * Decimal digits the raw tier keeps: values are stored as {@code round(value × 10^decimals)} in a 64-bit integer
     * ({@link SampleRows#toStored}); {@link #FLOATING} = stored as a double (a ratio has no finite decimal form).
     */
    public int decimals() {
      return decimals;
    }
  }

  /** {@link Unit#decimals()} of a unit stored as a double. */
  public static final int FLOATING = -1;

  private static final Map<String, Metric> BY_KEY = new HashMap<>();

  static {
    for (Metric m : values()) {
      BY_KEY.put(m.key, m);
    }
  }

  private final String key;
  private final Unit unit;
  private final Kind kind;
  private final String description;

  Metric(String key, Unit unit, Kind kind, String description) {
    this.key = key;
    this.unit = unit;
    this.kind = kind;
    this.description = description;
  }

  /** The stored name, e.g. {@code cpu.usage_millicores}. */
  public String key() {
    return key;
  }

  public Unit unit() {
    return unit;
  }

  public Kind kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  /** {@link Unit#decimals()} of this metric's unit. */
  public int decimals() {
    return unit.decimals();
  }

  public static Optional<Metric> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }
}
