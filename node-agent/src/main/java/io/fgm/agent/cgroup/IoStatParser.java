package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * v2 {@code io.stat}: one line per device, {@code MAJ:MIN rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N};
 * read/write bytes and ops are summed over devices. An empty file is a cgroup that has done no IO yet: all four
 * metrics are collected as 0.
 */
public final class IoStatParser {
  private static final byte[] RBYTES = "rbytes".getBytes();
  private static final byte[] WBYTES = "wbytes".getBytes();
  private static final byte[] RIOS = "rios".getBytes();
  private static final byte[] WIOS = "wios".getBytes();

  private IoStatParser() {}

  /** Returns the number of problems; on a problem line the other lines still count. */
  public static int parse(byte[] b, int len, MetricValues out) {
    if (b == null || len < 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    out.set(Metric.IO_READ_BYTES, 0);
    out.set(Metric.IO_WRITE_BYTES, 0);
    out.set(Metric.IO_READ_OPS, 0);
    out.set(Metric.IO_WRITE_OPS, 0);
    int problems = 0;
    int pos = 0;
    while (pos < len) {
      int end = KernelText.lineEnd(b, pos, len);
      if (end < 0) {
        return problems + 1;
      }
      int i = pos;
      while (i < end && b[i] != ' ') {
        i++; // the device
      }
      while (i < end) {
        while (i < end && b[i] == ' ') {
          i++;
        }
        int ks = i;
        while (i < end && b[i] != '=' && b[i] != ' ') {
          i++;
        }
        if (i >= end || b[i] != '=') {
          if (i > ks) {
            problems++;
          }
          break;
        }
        int ke = i++;
        int vs = i;
        while (i < end && b[i] != ' ') {
          i++;
        }
        Metric m = metricFor(b, ks, ke);
        if (m != null) {
          long v = KernelText.parseLong(b, vs, i);
          if (v == KernelText.MALFORMED || v < 0) {
            problems++;
          } else {
            out.add(m, v);
          }
        }
      }
      pos = end + 1;
    }
    return problems;
  }

  private static Metric metricFor(byte[] b, int from, int to) {
    if (KernelText.regionEquals(b, from, to, RBYTES)) {
      return Metric.IO_READ_BYTES;
    } else if (KernelText.regionEquals(b, from, to, WBYTES)) {
      return Metric.IO_WRITE_BYTES;
    } else if (KernelText.regionEquals(b, from, to, RIOS)) {
      return Metric.IO_READ_OPS;
    } else if (KernelText.regionEquals(b, from, to, WIOS)) {
      return Metric.IO_WRITE_OPS;
    }
    return null;
  }
}
