package io.fgm.testkit.cgroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of kernel cgroup files for a {@link Usage}, copying the kernel's formats line for line (key order and
 * the keys the agent ignores included; taken from Linux 6.x cgroup v2 and from this project's v1 dev machine).
 */
public final class KernelFormats {
  /** v1 "no limit": PAGE_COUNTER_MAX pages of 4 KiB, as memory.limit_in_bytes prints it. */
  public static final long V1_UNLIMITED = 9223372036854771712L;

  private KernelFormats() {}

  // ---- cgroup v2 ----

  public static String v2CpuStat(Usage u) {
    return "usage_usec " + u.cpuUsageUs() + "\nuser_usec " + u.cpuUserUs() + "\nsystem_usec " + u.cpuSystemUs()
        + "\nnice_usec 0\ncore_sched.force_idle_usec 0\nnr_periods " + u.nrPeriods() + "\nnr_throttled "
        + u.nrThrottled() + "\nthrottled_usec " + u.throttledUs() + "\nnr_bursts 0\nburst_usec 0\n";
  }

  public static String v2CpuMax(Usage u) {
    return (u.cpuQuotaUs() < 0 ? "max" : Long.toString(u.cpuQuotaUs())) + " " + u.cpuPeriodUs() + "\n";
  }

  public static String v2MemoryMax(Usage u) {
    return u.memoryLimitBytes() < 0 ? "max\n" : u.memoryLimitBytes() + "\n";
  }

  /** memory.stat of a 6.x kernel, every key in the kernel's order. */
  public static String v2MemoryStat(Usage u) {
    long mem = u.memoryBytes();
    long kernel = mem / 16;
    long file = mem / 2;
    long anon = Math.max(0, mem - file - kernel);
    long inactive = Math.min(u.inactiveFileBytes(), file);
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("anon", anon);
    m.put("file", file);
    m.put("kernel", kernel);
    m.put("kernel_stack", kernel / 4);
    m.put("pagetables", kernel / 4);
    m.put("sec_pagetables", 0L);
    m.put("percpu", 0L);
    m.put("sock", 0L);
    m.put("vmalloc", 0L);
    m.put("shmem", 0L);
    m.put("zswap", 0L);
    m.put("zswapped", 0L);
    m.put("file_mapped", file / 8);
    m.put("file_dirty", 0L);
    m.put("file_writeback", 0L);
    m.put("swapcached", 0L);
    m.put("anon_thp", 0L);
    m.put("file_thp", 0L);
    m.put("shmem_thp", 0L);
    m.put("inactive_anon", anon);
    m.put("active_anon", 0L);
    m.put("inactive_file", inactive);
    m.put("active_file", file - inactive);
    m.put("unevictable", 0L);
    m.put("slab_reclaimable", kernel / 4);
    m.put("slab_unreclaimable", kernel / 4);
    m.put("slab", kernel / 2);
    m.put("workingset_refault_anon", 0L);
    m.put("workingset_refault_file", 7L);
    m.put("workingset_activate_anon", 0L);
    m.put("workingset_activate_file", 0L);
    m.put("workingset_restore_anon", 0L);
    m.put("workingset_restore_file", 0L);
    m.put("workingset_nodereclaim", 0L);
    m.put("pgscan", 0L);
    m.put("pgsteal", 0L);
    m.put("pgscan_kswapd", 0L);
    m.put("pgscan_direct", 0L);
    m.put("pgscan_khugepaged", 0L);
    m.put("pgsteal_kswapd", 0L);
    m.put("pgsteal_direct", 0L);
    m.put("pgsteal_khugepaged", 0L);
    m.put("pgfault", 1000L);
    m.put("pgmajfault", 3L);
    m.put("pgrefill", 0L);
    m.put("pgactivate", 0L);
    m.put("pgdeactivate", 0L);
    m.put("pglazyfree", 0L);
    m.put("pglazyfreed", 0L);
    m.put("zswpin", 0L);
    m.put("zswpout", 0L);
    m.put("zswpwb", 0L);
    m.put("thp_fault_alloc", 0L);
    m.put("thp_collapse_alloc", 0L);
    m.put("thp_swpout", 0L);
    m.put("thp_swpout_fallback", 0L);
    return lines(m);
  }

  public static String v2MemoryEvents(Usage u) {
    return "low 0\nhigh 0\nmax " + u.oomKills() + "\noom " + u.oomKills() + "\noom_kill " + u.oomKills()
        + "\noom_group_kill 0\n";
  }

  /** io.stat: one line per device with IO; empty when the cgroup has done none. */
  public static String v2IoStat(Usage u) {
    if (u.ioReadBytes() == 0 && u.ioWriteBytes() == 0 && u.ioReadOps() == 0 && u.ioWriteOps() == 0) {
      return "";
    }
    return "253:0 rbytes=" + u.ioReadBytes() + " wbytes=" + u.ioWriteBytes() + " rios=" + u.ioReadOps()
        + " wios=" + u.ioWriteOps() + " dbytes=0 dios=0\n";
  }

  public static String pressure(long someTotalUs, long fullTotalUs) {
    return "some avg10=0.00 avg60=0.00 avg300=0.00 total=" + someTotalUs
        + "\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=" + fullTotalUs + "\n";
  }

  // ---- cgroup v1 ----

  public static String v1CpuacctStat(Usage u, long userHz) {
    return "user " + u.cpuUserUs() * userHz / 1_000_000 + "\nsystem " + u.cpuSystemUs() * userHz / 1_000_000
        + "\n";
  }

  public static String v1CpuStat(Usage u) {
    return "nr_periods " + u.nrPeriods() + "\nnr_throttled " + u.nrThrottled() + "\nthrottled_time "
        + u.throttledUs() * 1000 + "\nnr_bursts 0\nburst_time 0\n";
  }

  public static String v1MemoryLimit(Usage u) {
    return (u.memoryLimitBytes() < 0 ? V1_UNLIMITED : u.memoryLimitBytes()) + "\n";
  }

  public static String v1OomControl(Usage u) {
    return "oom_kill_disable 0\nunder_oom 0\noom_kill " + u.oomKills() + "\n";
  }

  /** v1 memory.stat as a 6.x kernel prints it: local counters, then the hierarchical total_ twins. */
  public static String v1MemoryStat(Usage u) {
    long mem = u.memoryBytes();
    long cache = mem / 2;
    long rss = mem - cache;
    long inactive = Math.min(u.inactiveFileBytes(), cache);
    long limit = u.memoryLimitBytes() < 0 ? V1_UNLIMITED : u.memoryLimitBytes();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("cache", cache);
    m.put("rss", rss);
    m.put("rss_huge", 0L);
    m.put("shmem", 0L);
    m.put("mapped_file", cache / 8);
    m.put("dirty", 0L);
    m.put("writeback", 0L);
    m.put("workingset_refault_anon", 0L);
    m.put("workingset_refault_file", 7L);
    m.put("swap", 0L);
    m.put("swapcached", 0L);
    m.put("pgpgin", 100L);
    m.put("pgpgout", 50L);
    m.put("pgfault", 1000L);
    m.put("pgmajfault", 3L);
    m.put("inactive_anon", rss);
    m.put("active_anon", 0L);
    m.put("inactive_file", inactive);
    m.put("active_file", cache - inactive);
    m.put("unevictable", 0L);
    StringBuilder b = new StringBuilder(lines(m));
    b.append("hierarchical_memory_limit ").append(limit).append('\n');
    b.append("hierarchical_memsw_limit ").append(V1_UNLIMITED).append('\n');
    for (Map.Entry<String, Long> e : m.entrySet()) {
      b.append("total_").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    return b.toString();
  }

  /** blkio.throttle.io_service_bytes or io_serviced: per-device lines then the grand total. */
  public static String v1Blkio(long read, long write) {
    if (read == 0 && write == 0) {
      return "Total 0\n";
    }
    long total = read + write;
    return "8:0 Read " + read + "\n8:0 Write " + write + "\n8:0 Sync " + write + "\n8:0 Async " + read
        + "\n8:0 Discard 0\n8:0 Total " + total + "\nTotal " + total + "\n";
  }

  private static String lines(Map<String, Long> m) {
    StringBuilder b = new StringBuilder(m.size() * 24);
    m.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
    return b.toString();
  }
}
