package io.fgm.agent.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.Metric;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of every parser: random and truncated bytes never throw and never invent a value. */
class ParserPropertiesTest {
  private static final String[] REAL = {"v2/cpu.stat", "v2/memory.stat", "v2/io.stat", "v2/memory.events",
      "v2/cpu.pressure", "v1/memory.stat", "v1/cpuacct.stat", "v1/blkio.throttle.io_service_bytes",
      "proc/smaps_rollup", "proc/stat", "v1/memory.usage_in_bytes", "v2/cpu.max", "proc/statm", "v2/cgroup.stat"};

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
  }

  @Provide
  Arbitrary<String> realFile() {
    return Arbitraries.of(REAL);
  }

  private static void parseWithEveryParser(byte[] b, int len, MetricValues out) {
    CpuStatParser.parseV2(b, len, out);
    CpuStatParser.parseV1(b, len, out);
    MemoryStatParser.parseV2(b, len, out);
    MemoryStatParser.parseV1(b, len, out);
    MemoryEventsParser.parseV2(b, len, out);
    MemoryEventsParser.parseV1OomControl(b, len, out);
    new CpuacctParser(100).parseStat(b, len, out);
    CpuacctParser.parseUsage(b, len, out);
    CpuLimitParser.parseCpuMax(b, len, out);
    CpuLimitParser.parseCfs(b, len, b, len, out);
    IoStatParser.parse(b, len, out);
    BlkioParser.parse(b, len, out, Metric.IO_READ_BYTES, Metric.IO_WRITE_BYTES);
    for (PressureParser.Resource r : PressureParser.Resource.values()) {
      PressureParser.parse(b, len, r, out);
    }
    ProcParsers.addProcStatCpu(b, len, 100, true, out);
    ProcParsers.addSmapsRollup(b, len, out);
    ProcParsers.addStatusRss(b, len, out);
    ProcParsers.addStatmRss(b, len, 4096, out);
    ProcParsers.pageSizeFromAuxv(b, len, java.nio.ByteOrder.LITTLE_ENDIAN);
    CgroupStatParser.nrDescendants(b, len);
    SingleValueParser.parse(b, len);
    SingleValueParser.parseV1Limit(b, len);
    new PidList().parse(b, len);
  }

  @Property(tries = 500)
  void random_bytes_never_throw(@ForAll("garbage") byte[] b, @ForAll @IntRange(min = -5, max = 700) int len) {
    parseWithEveryParser(b, len, new MetricValues());
  }

  @Property(tries = 300)
  void a_truncated_real_file_never_yields_a_value_the_whole_file_does_not_have(
      @ForAll("realFile") String file, @ForAll @IntRange(min = 0, max = 3000) int cut) {
    byte[] whole = KernelFiles.load(file);
    int len = Math.min(cut, whole.length);
    MetricValues full = new MetricValues();
    parseWithEveryParser(whole, whole.length, full);
    MetricValues part = new MetricValues();
    parseWithEveryParser(Arrays.copyOf(whole, len), len, part);
    for (Metric m : Metric.values()) {
      if (part.has(m) && !isSummedTwice(m)) {
        assertTrue(full.has(m), m + " appeared from a truncated " + file);
        assertEquals(full.get(m), part.get(m), m + " from " + file + " cut at " + len);
      }
    }
  }

  @Property(tries = 200)
  void a_truncated_cgroup_stat_gives_the_whole_files_count_or_none(@ForAll @IntRange(min = 0, max = 200) int cut) {
    byte[] whole = KernelFiles.bytes("nr_descendants 1234\nnr_subsys_cpu 99\nnr_dying_descendants 7\n");
    long part = CgroupStatParser.nrDescendants(Arrays.copyOf(whole, Math.min(cut, whole.length)), cut);
    assertTrue(part == -1 || part == 1234, "cut at " + cut + ": " + part);
  }

  /** Metrics several parsers above add into the same MetricValues: a prefix sums fewer terms, legitimately. */
  private static boolean isSummedTwice(Metric m) {
    return switch (m) {
      case CPU_USAGE_US, CPU_USER_US, CPU_SYSTEM_US, MEMORY_WORKINGSET_REFAULT, MEMORY_PSS_BYTES,
          MEMORY_PSS_ANON_BYTES, MEMORY_PSS_FILE_BYTES, MEMORY_PSS_SHMEM_BYTES, MEMORY_RSS_BYTES, IO_READ_BYTES,
          IO_WRITE_BYTES, IO_READ_OPS, IO_WRITE_OPS -> true;
      default -> false;
    };
  }
}
