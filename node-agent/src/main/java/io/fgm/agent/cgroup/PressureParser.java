package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * PSI files ({@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}):
 * {@code some avg10=0.37 avg60=1.43 avg300=3.53 total=34804832} and a {@code full} line (total in µs). Kernels
 * before 5.13 have no {@code full} line in cpu.pressure; its metrics are then absent.
 */
public final class PressureParser {
  /** The resource a pressure file is about, with its four metrics. */
  public enum Resource {
    CPU(Metric.PSI_CPU_SOME_AVG10, Metric.PSI_CPU_SOME_TOTAL_US, Metric.PSI_CPU_FULL_AVG10,
        Metric.PSI_CPU_FULL_TOTAL_US),
    MEMORY(Metric.PSI_MEMORY_SOME_AVG10, Metric.PSI_MEMORY_SOME_TOTAL_US, Metric.PSI_MEMORY_FULL_AVG10,
        Metric.PSI_MEMORY_FULL_TOTAL_US),
    IO(Metric.PSI_IO_SOME_AVG10, Metric.PSI_IO_SOME_TOTAL_US, Metric.PSI_IO_FULL_AVG10,
        Metric.PSI_IO_FULL_TOTAL_US);

    final Metric someAvg10;
    final Metric someTotal;
    final Metric fullAvg10;
    final Metric fullTotal;

    Resource(Metric someAvg10, Metric someTotal, Metric fullAvg10, Metric fullTotal) {
      this.someAvg10 = someAvg10;
      this.someTotal = someTotal;
      this.fullAvg10 = fullAvg10;
      this.fullTotal = fullTotal;
    }
  }

  private static final byte[] SOME = "some".getBytes();
  private static final byte[] FULL = "full".getBytes();
  private static final byte[] AVG10 = "avg10".getBytes();
  private static final byte[] TOTAL = "total".getBytes();

  private PressureParser() {}

  /** Returns the number of problems. */
  public static int parse(byte[] b, int len, Resource r, MetricValues out) {
    if (b == null || len <= 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    int problems = 0;
    boolean any = false;
    int pos = 0;
    while (pos < len) {
      int end = KernelText.lineEnd(b, pos, len);
      if (end < 0) {
        return problems + 1;
      }
      int sp = pos;
      while (sp < end && b[sp] != ' ') {
        sp++;
      }
      boolean some = KernelText.regionEquals(b, pos, sp, SOME);
      boolean full = KernelText.regionEquals(b, pos, sp, FULL);
      if (some || full) {
        any = true;
        problems += fields(b, sp, end, some ? r.someAvg10 : r.fullAvg10, some ? r.someTotal : r.fullTotal, out);
      }
      pos = end + 1;
    }
    return any ? problems : problems + 1;
  }

  private static int fields(byte[] b, int i, int end, Metric avg10, Metric total, MetricValues out) {
    int problems = 0;
    while (i < end) {
      while (i < end && b[i] == ' ') {
        i++;
      }
      int ks = i;
      while (i < end && b[i] != '=' && b[i] != ' ') {
        i++;
      }
      if (i >= end || b[i] != '=') {
        return i > ks ? problems + 1 : problems;
      }
      int ke = i++;
      int vs = i;
      while (i < end && b[i] != ' ') {
        i++;
      }
      if (KernelText.regionEquals(b, ks, ke, AVG10)) {
        double v = KernelText.parseDecimal(b, vs, i);
        if (Double.isNaN(v)) {
          problems++;
        } else {
          out.set(avg10, v);
        }
      } else if (KernelText.regionEquals(b, ks, ke, TOTAL)) {
        long v = KernelText.parseLong(b, vs, i);
        if (v == KernelText.MALFORMED || v < 0) {
          problems++;
        } else {
          out.set(total, v);
        }
      }
    }
    return problems;
  }
}
