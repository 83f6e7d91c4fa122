package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * Files under /proc/PID: {@code stat} (CPU ticks), {@code status} (VmRSS) and {@code smaps_rollup} (PSS).
 * Values are added to the output, since a cgroup's figure is the sum over its processes.
 */
public final class ProcParsers {
  /** utime, stime, cutime, cstime are fields 14 to 17 of /proc/PID/stat: tokens 12 to 15 after the ")". */
  private static final int UTIME_TOKEN = 12;

  static final FlatKeyedParser SMAPS_ROLLUP =
      FlatKeyedParser.builder()
          .sum("Pss:", Metric.MEMORY_PSS_BYTES, 1024, 1)
          .sum("Pss_Anon:", Metric.MEMORY_PSS_ANON_BYTES, 1024, 1)
          .sum("Pss_File:", Metric.MEMORY_PSS_FILE_BYTES, 1024, 1)
          .sum("Pss_Shmem:", Metric.MEMORY_PSS_SHMEM_BYTES, 1024, 1)
          .build();

  static final FlatKeyedParser STATUS =
      FlatKeyedParser.builder().sum("VmRSS:", Metric.MEMORY_RSS_BYTES, 1024, 1).build();

  private ProcParsers() {}

  /**
   * Adds a process's CPU time from /proc/PID/stat, in µs, to user, system and usage. With
   * {@code includeChildren} the reaped children's time (cutime, cstime) is added too, so that a shell's CPU
   * does not drop when its short-lived commands exit. The command name in parentheses may itself hold spaces and
   * parentheses, so fields are counted from the last ')'.
   *
   * @return the number of problems (0 or 1)
   */
  public static int addProcStatCpu(byte[] b, int len, long userHz, boolean includeChildren, MetricValues out) {
    if (b == null || len <= 0 || userHz <= 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    int close = -1;
    for (int i = len - 1; i >= 0; i--) {
      if (b[i] == ')') {
        close = i;
        break;
      }
    }
    if (close < 0) {
      return 1;
    }
    long[] t = new long[4];
    int token = 0;
    int i = close + 1;
    while (i < len && token < UTIME_TOKEN + 4) {
      while (i < len && (b[i] == ' ' || b[i] == '\n')) {
        i++;
      }
      int s = i;
      while (i < len && b[i] != ' ' && b[i] != '\n') {
        i++;
      }
      if (s == i) {
        break;
      }
      token++;
      if (token >= UTIME_TOKEN && token < UTIME_TOKEN + 4) {
        t[token - UTIME_TOKEN] = KernelText.parseLong(b, s, i);
        if (t[token - UTIME_TOKEN] == KernelText.MALFORMED || t[token - UTIME_TOKEN] < 0) {
          return 1;
        }
      }
    }
    if (token < UTIME_TOKEN + 3) {
      return 1;
    }
    long userTicks = t[0] + (includeChildren ? t[2] : 0);
    long sysTicks = t[1] + (includeChildren ? t[3] : 0);
    double user = (double) userTicks * 1_000_000 / userHz;
    double sys = (double) sysTicks * 1_000_000 / userHz;
    out.add(Metric.CPU_USER_US, user);
    out.add(Metric.CPU_SYSTEM_US, sys);
    out.add(Metric.CPU_USAGE_US, user + sys);
    return 0;
  }

  /** Adds PSS, PSS anon/file/shmem (kB to bytes) from /proc/PID/smaps_rollup; returns the number of problems. */
  public static int addSmapsRollup(byte[] b, int len, MetricValues out) {
    return SMAPS_ROLLUP.parse(b, len, out);
  }

  /**
   * Adds the resident set (second field of /proc/PID/statm, in pages) times {@code pageSize} into
   * {@link Metric#MEMORY_RSS_BYTES}: the same figure as VmRSS in /proc/PID/status (both are the mm's resident
   * page counters), from a one-line file the kernel formats in a fraction of the time. Returns the number of
   * problems (0 or 1).
   */
  public static int addStatmRss(byte[] b, int len, long pageSize, MetricValues out) {
    if (b == null || len <= 0 || pageSize <= 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    int i = 0;
    while (i < len && b[i] != ' ') {
      i++; // the first field: total program size
    }
    int s = ++i;
    while (i < len && b[i] != ' ' && b[i] != '\n') {
      i++;
    }
    if (s >= len || s == i || i >= len) {
      return 1; // no resident field, or one that may be cut short
    }
    long pages = KernelText.parseLong(b, s, i);
    if (pages == KernelText.MALFORMED || pages < 0 || pages > Long.MAX_VALUE / pageSize) {
      return 1;
    }
    out.add(Metric.MEMORY_RSS_BYTES, (double) pages * pageSize);
    return 0;
  }

  /** AT_PAGESZ in the ELF auxiliary vector. */
  private static final long AT_PAGESZ = 6;

  /**
   * The page size from /proc/PID/auxv (pairs of native-endian 64-bit words, type then value, ending with type 0),
   * or -1 when it is not there (a 32-bit or truncated vector).
   */
  public static long pageSizeFromAuxv(byte[] b, int len, java.nio.ByteOrder order) {
    if (b == null) {
      return -1;
    }
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, 0, Math.min(Math.max(len, 0), b.length)).order(order);
    while (bb.remaining() >= 16) {
      long type = bb.getLong();
      long value = bb.getLong();
      if (type == 0) {
        return -1;
      }
      if (type == AT_PAGESZ) {
        return value > 0 && Long.bitCount(value) == 1 ? value : -1;
      }
    }
    return -1;
  }

  /** Adds VmRSS (kB to bytes) from /proc/PID/status into {@link Metric#MEMORY_RSS_BYTES}. */
  public static int addStatusRss(byte[] b, int len, MetricValues out) {
    return STATUS.parse(b, len, out);
  }
}
