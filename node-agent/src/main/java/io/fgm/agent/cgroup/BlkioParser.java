package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * v1 {@code blkio.throttle.io_service_bytes} and {@code blkio.throttle.io_serviced}: lines
 * {@code MAJ:MIN Read|Write|Sync|Async|Discard|Total N} and a last {@code Total N}. The Read and Write lines are
 * summed over devices. A file with only {@code Total 0} is a cgroup without IO: read and write are 0.
 */
public final class BlkioParser {
  private static final byte[] READ = "Read".getBytes();
  private static final byte[] WRITE = "Write".getBytes();

  private BlkioParser() {}

  /** Parses one blkio file into {@code read}/{@code write}; returns the number of problems. */
  public static int parse(byte[] b, int len, MetricValues out, Metric read, Metric write) {
    if (b == null || len <= 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    out.set(read, 0);
    out.set(write, 0);
    int problems = 0;
    int pos = 0;
    while (pos < len) {
      int end = KernelText.lineEnd(b, pos, len);
      if (end < 0) {
        return problems + 1;
      }
      int s1 = indexOf(b, ' ', pos, end);
      int s2 = s1 < 0 ? -1 : indexOf(b, ' ', s1 + 1, end);
      if (s1 < 0) {
        problems++;
      } else if (s2 > 0) { // three fields: a device line
        Metric m = KernelText.regionEquals(b, s1 + 1, s2, READ) ? read
            : KernelText.regionEquals(b, s1 + 1, s2, WRITE) ? write : null;
        if (m != null) {
          long v = KernelText.parseLong(b, s2 + 1, end);
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

  private static int indexOf(byte[] b, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
