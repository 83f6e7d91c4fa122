package io.fgm.agent.cgroup;

import static io.fgm.agent.cgroup.KernelFiles.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fgm.schema.Metric;
import org.junit.jupiter.api.Test;

/** Tests for the per-file parsers on copies of real kernel files (v2 and v1). */
class KernelFileParsersTest {
  private final MetricValues out = new MetricValues();

  private int parse(ContainerReaderParser p, String file) {
    byte[] b = load(file);
    return p.parse(b, b.length, out);
  }

  interface ContainerReaderParser {
    int parse(byte[] b, int len, MetricValues out);
  }

  @Test
  void v2_cpu_stat_gives_usage_user_system_and_throttling_in_microseconds() {
    assertEquals(0, parse(CpuStatParser::parseV2, "v2/cpu.stat"));
    assertEquals(8381952, out.get(Metric.CPU_USAGE_US));
    assertEquals(5630241, out.get(Metric.CPU_USER_US));
    assertEquals(2751711, out.get(Metric.CPU_SYSTEM_US));
    assertEquals(1201, out.get(Metric.CPU_NR_PERIODS));
    assertEquals(37, out.get(Metric.CPU_NR_THROTTLED));
    assertEquals(1824570, out.get(Metric.CPU_THROTTLED_US));
  }

  @Test
  void v2_cpu_stat_of_a_hybrid_host_root_has_usage_only() {
    assertEquals(0, parse(CpuStatParser::parseV2, "v2/cpu.stat.root-hybrid"));
    assertEquals(664888000, out.get(Metric.CPU_USAGE_US));
    assertFalse(out.has(Metric.CPU_NR_PERIODS));
  }

  @Test
  void v2_cpu_max_gives_the_limit_in_millicores_and_max_gives_none() {
    assertEquals(0, parse(CpuLimitParser::parseCpuMax, "v2/cpu.max"));
    assertEquals(500, out.get(Metric.CPU_LIMIT_MILLICORES));
    out.clear();
    byte[] max = KernelFiles.bytes("max 100000\n");
    assertEquals(0, CpuLimitParser.parseCpuMax(max, max.length, out));
    assertFalse(out.has(Metric.CPU_LIMIT_MILLICORES));
  }

  @Test
  void v2_single_value_files_parse_and_max_means_unlimited() {
    byte[] cur = load("v2/memory.current");
    assertEquals(129183744, SingleValueParser.parse(cur, cur.length));
    byte[] peak = load("v2/memory.peak");
    assertEquals(171966464, SingleValueParser.parse(peak, peak.length));
    byte[] lim = load("v2/memory.max");
    assertEquals(268435456, SingleValueParser.parse(lim, lim.length));
    byte[] max = KernelFiles.bytes("max\n");
    assertEquals(SingleValueParser.UNLIMITED, SingleValueParser.parse(max, max.length));
  }

  @Test
  void v2_memory_stat_gives_the_breakdown_and_sums_the_refaults() {
    assertEquals(0, parse(MemoryStatParser::parseV2, "v2/memory.stat"));
    assertEquals(84713472, out.get(Metric.MEMORY_ANON_BYTES));
    assertEquals(38797312, out.get(Metric.MEMORY_FILE_BYTES));
    assertEquals(4435968, out.get(Metric.MEMORY_KERNEL_BYTES));
    assertEquals(135168, out.get(Metric.MEMORY_SHMEM_BYTES));
    assertEquals(20008960, out.get(Metric.MEMORY_FILE_MAPPED_BYTES));
    assertEquals(7467008, out.get(Metric.MEMORY_ACTIVE_FILE_BYTES));
    assertEquals(31195136, out.get(Metric.MEMORY_INACTIVE_FILE_BYTES));
    assertEquals(72345, out.get(Metric.MEMORY_PGFAULT));
    assertEquals(411, out.get(Metric.MEMORY_PGMAJFAULT));
    assertEquals(415, out.get(Metric.MEMORY_WORKINGSET_REFAULT));
  }

  @Test
  void v2_memory_events_gives_high_max_oom_and_oom_kill() {
    assertEquals(0, parse(MemoryEventsParser::parseV2, "v2/memory.events"));
    assertEquals(0, out.get(Metric.MEMORY_EVENTS_HIGH));
    assertEquals(12, out.get(Metric.MEMORY_EVENTS_MAX));
    assertEquals(2, out.get(Metric.MEMORY_EVENTS_OOM));
    assertEquals(1, out.get(Metric.MEMORY_EVENTS_OOM_KILL));
  }

  @Test
  void v2_io_stat_sums_over_devices() {
    assertEquals(0, parse(IoStatParser::parse, "v2/io.stat"));
    assertEquals(1224704 + 20480, out.get(Metric.IO_READ_BYTES));
    assertEquals(4096 + 8192, out.get(Metric.IO_WRITE_BYTES));
    assertEquals(68, out.get(Metric.IO_READ_OPS));
    assertEquals(3, out.get(Metric.IO_WRITE_OPS));
  }

  @Test
  void empty_io_stat_is_a_cgroup_without_io() {
    assertEquals(0, IoStatParser.parse(new byte[0], 0, out));
    assertEquals(0, out.get(Metric.IO_READ_BYTES));
    assertEquals(0, out.get(Metric.IO_WRITE_OPS));
  }

  @Test
  void pressure_files_give_avg10_percent_and_total_microseconds() {
    assertEquals(0, parse((b, n, o) -> PressureParser.parse(b, n, PressureParser.Resource.CPU, o),
        "v2/cpu.pressure"));
    assertEquals(34.96, out.get(Metric.PSI_CPU_SOME_AVG10), 1e-9);
    assertEquals(152626632, out.get(Metric.PSI_CPU_SOME_TOTAL_US));
    assertEquals(0, out.get(Metric.PSI_CPU_FULL_AVG10));
    assertEquals(0, parse((b, n, o) -> PressureParser.parse(b, n, PressureParser.Resource.IO, o),
        "v2/io.pressure"));
    assertEquals(2841206, out.get(Metric.PSI_IO_SOME_TOTAL_US));
    assertEquals(2100916, out.get(Metric.PSI_IO_FULL_TOTAL_US));
  }

  @Test
  void v1_cpuacct_usage_is_nanoseconds_turned_into_microseconds() {
    assertEquals(0, parse(CpuacctParser::parseUsage, "v1/cpuacct.usage"));
    assertEquals(676960401, out.get(Metric.CPU_USAGE_US));
  }

  @Test
  void v1_cpuacct_stat_is_user_hz_ticks_turned_into_microseconds() {
    CpuacctParser p = new CpuacctParser(100);
    assertEquals(0, parse(p::parseStat, "v1/cpuacct.stat"));
    assertEquals(50700L * 10_000, out.get(Metric.CPU_USER_US));
    assertEquals(16994L * 10_000, out.get(Metric.CPU_SYSTEM_US));
    out.clear();
    CpuacctParser p250 = new CpuacctParser(250);
    assertEquals(0, parse(p250::parseStat, "v1/cpuacct.stat"));
    assertEquals(50700L * 4_000, out.get(Metric.CPU_USER_US));
  }

  @Test
  void v1_cpu_stat_gives_throttling_with_time_in_microseconds() {
    assertEquals(0, parse(CpuStatParser::parseV1, "v1/cpu.stat.throttled"));
    assertEquals(5042, out.get(Metric.CPU_NR_PERIODS));
    assertEquals(211, out.get(Metric.CPU_NR_THROTTLED));
    assertEquals(9876543, out.get(Metric.CPU_THROTTLED_US));
    assertFalse(out.has(Metric.CPU_USAGE_US));
  }

  @Test
  void v1_cfs_quota_and_period_give_millicores_and_minus_one_gives_none() {
    byte[] q = load("v1/cpu.cfs_quota_us.limited");
    byte[] p = load("v1/cpu.cfs_period_us");
    assertEquals(0, CpuLimitParser.parseCfs(q, q.length, p, p.length, out));
    assertEquals(1500, out.get(Metric.CPU_LIMIT_MILLICORES));
    out.clear();
    byte[] none = load("v1/cpu.cfs_quota_us");
    assertEquals(0, CpuLimitParser.parseCfs(none, none.length, p, p.length, out));
    assertFalse(out.has(Metric.CPU_LIMIT_MILLICORES));
  }

  @Test
  void v1_memory_files_parse_and_the_page_aligned_maximum_means_unlimited() {
    byte[] usage = load("v1/memory.usage_in_bytes");
    assertEquals(13778944, SingleValueParser.parse(usage, usage.length));
    byte[] max = load("v1/memory.max_usage_in_bytes");
    assertEquals(394551296, SingleValueParser.parse(max, max.length));
    byte[] lim = load("v1/memory.limit_in_bytes");
    assertEquals(SingleValueParser.UNLIMITED, SingleValueParser.parseV1Limit(lim, lim.length));
    byte[] real = KernelFiles.bytes("536870912\n");
    assertEquals(536870912, SingleValueParser.parseV1Limit(real, real.length));
  }

  @Test
  void v1_memory_stat_maps_rss_and_cache_and_prefers_the_hierarchical_totals() {
    assertEquals(0, parse(MemoryStatParser::parseV1, "v1/memory.stat"));
    assertEquals(1277952, out.get(Metric.MEMORY_ANON_BYTES));
    assertEquals(11997184, out.get(Metric.MEMORY_FILE_BYTES));
    assertEquals(0, out.get(Metric.MEMORY_SHMEM_BYTES));
    assertEquals(40960, out.get(Metric.MEMORY_FILE_MAPPED_BYTES));
    assertEquals(5476352, out.get(Metric.MEMORY_INACTIVE_FILE_BYTES));
    assertEquals(6520832, out.get(Metric.MEMORY_ACTIVE_FILE_BYTES));
    assertEquals(900254, out.get(Metric.MEMORY_PGFAULT));
    assertEquals(72, out.get(Metric.MEMORY_PGMAJFAULT));
    assertEquals(5503, out.get(Metric.MEMORY_WORKINGSET_REFAULT)); // summed once, not twice
    assertFalse(out.has(Metric.MEMORY_KERNEL_BYTES));
  }

  @Test
  void v1_total_lines_win_over_local_ones() {
    byte[] b = KernelFiles.bytes("rss 100\ncache 200\ntotal_rss 1000\ntotal_cache 2000\n");
    assertEquals(0, MemoryStatParser.parseV1(b, b.length, out));
    assertEquals(1000, out.get(Metric.MEMORY_ANON_BYTES));
    assertEquals(2000, out.get(Metric.MEMORY_FILE_BYTES));
  }

  @Test
  void v1_oom_control_gives_oom_kills_and_old_kernels_without_the_line_count_a_problem() {
    assertEquals(0, parse(MemoryEventsParser::parseV1OomControl, "v1/memory.oom_control"));
    assertEquals(0, out.get(Metric.MEMORY_EVENTS_OOM_KILL));
    out.clear();
    assertEquals(1, parse(MemoryEventsParser::parseV1OomControl, "v1/memory.oom_control.pre-4.13"));
    assertFalse(out.has(Metric.MEMORY_EVENTS_OOM_KILL));
  }

  @Test
  void v1_blkio_sums_read_and_write_over_devices_and_skips_the_grand_total() {
    byte[] bytes = load("v1/blkio.throttle.io_service_bytes");
    assertEquals(0, BlkioParser.parse(bytes, bytes.length, out, Metric.IO_READ_BYTES, Metric.IO_WRITE_BYTES));
    assertEquals(1835008 + 8192, out.get(Metric.IO_READ_BYTES));
    assertEquals(4096, out.get(Metric.IO_WRITE_BYTES));
    byte[] ops = load("v1/blkio.throttle.io_serviced");
    assertEquals(0, BlkioParser.parse(ops, ops.length, out, Metric.IO_READ_OPS, Metric.IO_WRITE_OPS));
    assertEquals(114, out.get(Metric.IO_READ_OPS));
    assertEquals(1, out.get(Metric.IO_WRITE_OPS));
    byte[] none = KernelFiles.bytes("Total 0\n");
    out.clear();
    assertEquals(0, BlkioParser.parse(none, none.length, out, Metric.IO_READ_BYTES, Metric.IO_WRITE_BYTES));
    assertEquals(0, out.get(Metric.IO_READ_BYTES));
  }

  @Test
  void proc_stat_cpu_counts_fields_after_the_last_parenthesis() {
    byte[] b = load("proc/stat");
    assertEquals(0, ProcParsers.addProcStatCpu(b, b.length, 100, true, out));
    assertEquals(0, out.get(Metric.CPU_USAGE_US));
    out.clear();
    byte[] odd = KernelFiles.bytes("42 (a) b (c) R 1 42 42 0 -1 4194304 126 0 0 0 150 50 7 3 20 0 1 0 81 3 38 1\n");
    assertEquals(0, ProcParsers.addProcStatCpu(odd, odd.length, 100, false, out));
    assertEquals(1_500_000, out.get(Metric.CPU_USER_US));
    assertEquals(500_000, out.get(Metric.CPU_SYSTEM_US));
    out.clear();
    assertEquals(0, ProcParsers.addProcStatCpu(odd, odd.length, 100, true, out));
    assertEquals(2_100_000, out.get(Metric.CPU_USAGE_US) - 0, 1e-6);
  }

  @Test
  void smaps_rollup_gives_pss_in_bytes_and_status_gives_rss() {
    byte[] b = load("proc/smaps_rollup");
    assertEquals(0, ProcParsers.addSmapsRollup(b, b.length, out));
    assertEquals(362 * 1024, out.get(Metric.MEMORY_PSS_BYTES));
    assertEquals(116 * 1024, out.get(Metric.MEMORY_PSS_ANON_BYTES));
    assertEquals(246 * 1024, out.get(Metric.MEMORY_PSS_FILE_BYTES));
    assertEquals(0, out.get(Metric.MEMORY_PSS_SHMEM_BYTES));
    byte[] s = load("proc/status");
    assertEquals(0, ProcParsers.addStatusRss(s, s.length, out));
    assertEquals(1620 * 1024, out.get(Metric.MEMORY_RSS_BYTES));
  }

  @Test
  void statm_gives_the_resident_pages_times_the_page_size_from_auxv() {
    byte[] aux = load("proc/auxv"); // x86-64, little-endian
    assertEquals(4096, ProcParsers.pageSizeFromAuxv(aux, aux.length, java.nio.ByteOrder.LITTLE_ENDIAN));
    assertEquals(-1, ProcParsers.pageSizeFromAuxv(aux, 40, java.nio.ByteOrder.LITTLE_ENDIAN), "cut short");
    byte[] b = load("proc/statm"); // "765 436 408 5 0 123 0"
    assertEquals(0, ProcParsers.addStatmRss(b, b.length, 4096, out));
    assertEquals(436 * 4096, out.get(Metric.MEMORY_RSS_BYTES));
    out.clear();
    assertEquals(1, ProcParsers.addStatmRss(b, 5, 4096, out), "the resident field cut short");
    assertFalse(out.has(Metric.MEMORY_RSS_BYTES));
  }

  @Test
  void cgroup_stat_gives_nr_descendants() {
    byte[] b = load("v2/cgroup.stat"); // a hybrid host's unified root: no child cgroups
    assertEquals(0, CgroupStatParser.nrDescendants(b, b.length));
    byte[] k = KernelFiles.bytes("nr_descendants 153\nnr_subsys_cpu 40\nnr_dying_descendants 2\n");
    assertEquals(153, CgroupStatParser.nrDescendants(k, k.length));
    assertEquals(-1, CgroupStatParser.nrDescendants(k, 17), "cut short");
    byte[] g = KernelFiles.bytes("nr_dying_descendants 2\nnr_descendants x\n");
    assertEquals(-1, CgroupStatParser.nrDescendants(g, g.length));
  }
}
