package io.fgm.agent.cgroup;

/**
 * Parses cgroup v2's {@code cgroup.stat} for {@code nr_descendants}: the number of live cgroups below this one.
 * The kernel raises it on every mkdir and lowers it on every rmdir anywhere in the subtree, so discovery reads it
 * once per pass at the root and walks the tree only when it changed (see {@link CgroupDiscovery}). Never throws.
 */
public final class CgroupStatParser {
  private static final byte[] KEY = "nr_descendants ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private CgroupStatParser() {}

  /** {@code nr_descendants}, or -1 when the line is missing, cut short (no newline) or not a number. */
  public static long nrDescendants(byte[] b, int len) {
    if (b == null || len <= 0) {
      return -1;
    }
    len = Math.min(len, b.length);
    for (int line = 0; line < len; ) {
      int end = KernelText.lineEnd(b, line, len);
      if (end < 0) {
        return -1;
      }
      if (startsWith(b, line, end, KEY)) {
        long v = KernelText.parseLong(b, line + KEY.length, end);
        return v == KernelText.MALFORMED || v < 0 ? -1 : v;
      }
      line = end + 1;
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
