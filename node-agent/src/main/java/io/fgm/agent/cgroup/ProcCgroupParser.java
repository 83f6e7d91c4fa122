package io.fgm.agent.cgroup;

import java.nio.charset.StandardCharsets;

/**
 * Parses {@code /proc/PID/cgroup}: one line per hierarchy, {@code ID:CONTROLLERS:PATH}. On cgroup v2 the one line
 * is {@code 0::PATH}; on v1 and hybrid hosts each mounted hierarchy has a line ({@code 4:memory:PATH},
 * {@code 2:cpu,cpuacct:PATH}) besides {@code 0::} for the (often empty) unified one. The path is shown relative to
 * the <b>reader's</b> cgroup namespace: a process outside it appears below a chain of {@code /..}
 * ({@code 0::/../../kubepods-besteffort-pod…slice/cri-containerd-….scope}), which {@link #components} strips. Pure:
 * no I/O, never throws.
 */
public final class ProcCgroupParser {
  private ProcCgroupParser() {}

  /**
   * The process's cgroup path in the hierarchy the agent discovers containers in: on v1 the {@code memory} line
   * (then a {@code cpuacct} one), else the v2 {@code 0::} line; null when the text has none of them.
   */
  public static String path(byte[] b, int len, CgroupLayout.Mode mode) {
    if (b == null || len <= 0) {
      return null;
    }
    len = Math.min(len, b.length);
    String v2 = null;
    String cpuacct = null;
    int pos = 0;
    while (pos < len) {
      int end = pos;
      while (end < len && b[end] != '\n') {
        end++;
      }
      int c1 = indexOf(b, pos, end, (byte) ':');
      int c2 = c1 < 0 ? -1 : indexOf(b, c1 + 1, end, (byte) ':');
      if (c2 > 0 && c2 + 1 < end && b[c2 + 1] == '/') {
        String controllers = new String(b, c1 + 1, c2 - c1 - 1, StandardCharsets.US_ASCII);
        String path = new String(b, c2 + 1, end - c2 - 1, StandardCharsets.UTF_8);
        if (controllers.isEmpty()) {
          v2 = path;
        } else if (mode == CgroupLayout.Mode.V1) {
          for (String c : controllers.split(",")) {
            if (c.equals("memory")) {
              return path;
            }
            if (c.equals("cpuacct")) {
              cpuacct = path;
            }
          }
        }
      }
      pos = end + 1;
    }
    return mode == CgroupLayout.Mode.V1 && cpuacct != null ? cpuacct : v2;
  }

  /**
   * The components of a cgroup path below the reader's namespace root, without the leading {@code ..} chain that
   * leads out of it: {@code /../../a/b} and {@code /a/b} both give {@code [a, b]}; {@code /} gives none.
   */
  public static String[] components(String path) {
    String[] parts = path.split("/");
    int from = 0;
    while (from < parts.length && (parts[from].isEmpty() || parts[from].equals(".."))) {
      from++;
    }
    int n = 0;
    for (int i = from; i < parts.length; i++) {
      n += parts[i].isEmpty() ? 0 : 1;
    }
    String[] out = new String[n];
    n = 0;
    for (int i = from; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        out[n++] = parts[i];
      }
    }
    return out;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
