package io.fgm.agent.cgroup;

import static io.fgm.agent.cgroup.KernelFiles.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed kernel files give a counted problem and a missing value, never an exception or an invented 0. */
class MalformedInputTest {
  private final MetricValues out = new MetricValues();

  @ParameterizedTest(name = "cpu.stat [{0}] -> {1} problem(s)")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|1",
        "garbage\\n|1",
        "usage_usec 12|1", // truncated: no newline, the number may be cut short
        "usage_usec abc\\n|1",
        "usage_usec\\n|1",
        "usage_usec 99999999999999999999999\\n|1",
        "unknown_key 5\\n|1",
      })
  void malformed_cpu_stat_is_counted_and_leaves_usage_missing(String text, int problems) {
    byte[] b = bytes(text.replace("\\n", "\n"));
    assertEquals(problems, CpuStatParser.parseV2(b, b.length, out));
    assertFalse(out.has(Metric.CPU_USAGE_US));
  }

  @Test
  void a_truncated_last_line_keeps_the_complete_lines_before_it() {
    byte[] b = bytes("usage_usec 100\nuser_usec 60\nsystem_usec 4");
    assertEquals(1, CpuStatParser.parseV2(b, b.length, out));
    assertEquals(100, out.get(Metric.CPU_USAGE_US));
    assertEquals(60, out.get(Metric.CPU_USER_US));
    assertFalse(out.has(Metric.CPU_SYSTEM_US));
  }

  @Test
  void a_length_past_the_buffer_is_clamped() {
    byte[] b = bytes("usage_usec 100\n");
    assertEquals(0, CpuStatParser.parseV2(b, 1000, out));
    assertEquals(100, out.get(Metric.CPU_USAGE_US));
  }

  @ParameterizedTest
  @CsvSource({"''", "'12'", "'abc\n'", "'\n'", "'-'"})
  void malformed_single_values_are_malformed(String text) {
    byte[] b = bytes(text);
    assertEquals(KernelText.MALFORMED, SingleValueParser.parse(b, b.length));
  }

  @Test
  void null_input_is_a_problem_not_an_exception() {
    assertEquals(1, MemoryStatParser.parseV2(null, 10, out));
    assertEquals(KernelText.MALFORMED, SingleValueParser.parse(null, 3));
    assertEquals(1, IoStatParser.parse(null, 3, out));
    assertEquals(1, PressureParser.parse(null, 3, PressureParser.Resource.IO, out));
    assertEquals(1, ProcParsers.addProcStatCpu(null, 3, 100, true, out));
    assertEquals(0, out.size());
  }

  @Test
  void cpu_max_garbage_is_a_problem() {
    for (String s : new String[] {"", "max\n", "abc 100000\n", "50000 0\n", "50000 100000"}) {
      byte[] b = bytes(s);
      assertEquals(1, CpuLimitParser.parseCpuMax(b, b.length, out), s);
    }
    assertFalse(out.has(Metric.CPU_LIMIT_MILLICORES));
  }

  @Test
  void io_stat_with_a_bad_value_keeps_the_other_devices() {
    byte[] b = bytes("8:0 rbytes=10 wbytes=x rios=1 wios=1\n8:16 rbytes=5 wbytes=5 rios=1 wios=1\n");
    assertEquals(1, IoStatParser.parse(b, b.length, out));
    assertEquals(15, out.get(Metric.IO_READ_BYTES));
    assertEquals(5, out.get(Metric.IO_WRITE_BYTES));
  }

  @Test
  void pressure_with_a_bad_decimal_is_a_problem_and_the_rest_is_kept() {
    byte[] b = bytes("some avg10=1.2.3 avg60=0.00 avg300=0.00 total=77\n");
    assertEquals(1, PressureParser.parse(b, b.length, PressureParser.Resource.CPU, out));
    assertFalse(out.has(Metric.PSI_CPU_SOME_AVG10));
    assertEquals(77, out.get(Metric.PSI_CPU_SOME_TOTAL_US));
  }

  @Test
  void decimals_parse_like_the_kernel_prints_them() {
    byte[] b = bytes("0.37 12 .5 1.");
    assertEquals(0.37, KernelText.parseDecimal(b, 0, 4), 1e-12);
    assertEquals(12, KernelText.parseDecimal(b, 5, 7), 1e-12);
    assertEquals(0.5, KernelText.parseDecimal(b, 8, 10), 1e-12);
    assertTrue(Double.isNaN(KernelText.parseDecimal(b, 11, 13)));
  }

  @Test
  void pid_lists_skip_garbage_lines_and_count_them() {
    PidList pids = new PidList();
    byte[] b = bytes("12\nx\n13\n");
    assertEquals(1, pids.parse(b, b.length));
    assertEquals(2, pids.size());
    assertEquals(13, pids.get(1));
    assertEquals(0, pids.parse(new byte[0], 0));
    assertEquals(0, pids.size());
  }
}
