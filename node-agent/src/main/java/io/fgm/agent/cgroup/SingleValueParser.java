package io.fgm.agent.cgroup;

/**
 * Parses the kernel's single-value files (memory.current, memory.peak, memory.max, pids.current, cpuacct.usage,
 * memory.usage_in_bytes, memory.limit_in_bytes, cpu.cfs_quota_us, ...): one number, or {@code max}, and a newline.
 *
 * <p>Never throws. Returns the value, {@link #UNLIMITED} for {@code max}, or {@link KernelText#MALFORMED} for an
 * empty, truncated (no newline) or non-numeric file.
 */
public final class SingleValueParser {
  /** The value of {@code max}. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /**
   * cgroup v1 spells "no memory limit" as the largest page-aligned counter (9223372036854771712 with 4 KiB pages,
   * other values with other page sizes). No real limit comes near 2^60 bytes (1 EiB), so anything above is
   * "unlimited".
   */
  public static final long V1_UNLIMITED_THRESHOLD = 1L << 60;

  private static final byte[] MAX = {'m', 'a', 'x'};

  private SingleValueParser() {}

  public static long parse(byte[] b, int len) {
    if (b == null || len <= 0) {
      return KernelText.MALFORMED;
    }
    len = Math.min(len, b.length);
    int end = KernelText.lineEnd(b, 0, len);
    if (end < 0) {
      return KernelText.MALFORMED;
    }
    int s = 0;
    while (s < end && KernelText.isSpace(b[s])) {
      s++;
    }
    int e = end;
    while (e > s && KernelText.isSpace(b[e - 1])) {
      e--;
    }
    if (KernelText.regionEquals(b, s, e, MAX)) {
      return UNLIMITED;
    }
    return KernelText.parseLong(b, s, e);
  }

  /** A v1 memory limit: {@link #UNLIMITED} when the kernel's value means "no limit". */
  public static long parseV1Limit(byte[] b, int len) {
    long v = parse(b, len);
    return v != KernelText.MALFORMED && v >= V1_UNLIMITED_THRESHOLD ? UNLIMITED : v;
  }
}
