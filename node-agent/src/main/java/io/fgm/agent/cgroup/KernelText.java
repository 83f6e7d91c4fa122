package io.fgm.agent.cgroup;

/**
 * Allocation-free helpers over the ASCII text of kernel files. Every method is total: out-of-range indexes and
 * malformed digits give {@link #MALFORMED}, never an exception.
 */
public final class KernelText {
  /** Returned for text that is not a number. */
  public static final long MALFORMED = Long.MIN_VALUE;

  /** Long.MAX_VALUE / 10: a value above it, or equal to it with a next digit above 7, overflows. */
  private static final long OVERFLOW_GUARD = Long.MAX_VALUE / 10;

  private KernelText() {}

  /**
   * Parses a decimal integer (optional leading '-') in {@code b[from, to)}. Overflow and empty input are
   * malformed.
   */
  public static long parseLong(byte[] b, int from, int to) {
    if (b == null || from < 0 || to > b.length || from >= to) {
      return MALFORMED;
    }
    boolean neg = b[from] == '-';
    int i = neg ? from + 1 : from;
    if (i >= to) {
      return MALFORMED;
    }
    long v = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return MALFORMED;
      }
      if (v >= OVERFLOW_GUARD && (v > OVERFLOW_GUARD || d > 7)) {
        return MALFORMED; // v * 10 + d would pass Long.MAX_VALUE (checked without a division per digit)
      }
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  /** Parses a non-negative decimal with an optional fraction ("0.37", "12"), or NaN when malformed. */
  public static double parseDecimal(byte[] b, int from, int to) {
    if (b == null || from < 0 || to > b.length || from >= to) {
      return Double.NaN;
    }
    int dot = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '.') {
        if (dot >= 0) {
          return Double.NaN;
        }
        dot = i;
      }
    }
    if (dot < 0) {
      long v = parseLong(b, from, to);
      return v == MALFORMED || v < 0 ? Double.NaN : v;
    }
    long whole = dot == from ? 0 : parseLong(b, from, dot);
    if (whole == MALFORMED || whole < 0 || dot + 1 >= to || to - dot - 1 > 9) {
      return Double.NaN;
    }
    long frac = parseLong(b, dot + 1, to);
    if (frac == MALFORMED || frac < 0) {
      return Double.NaN;
    }
    return whole + frac / Math.pow(10, to - dot - 1);
  }

  public static boolean isSpace(byte c) {
    return c == ' ' || c == '\t';
  }

  /** True when {@code b[from, to)} equals {@code key} byte for byte. */
  public static boolean regionEquals(byte[] b, int from, int to, byte[] key) {
    if (to - from != key.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (b[from + i] != key[i]) {
        return false;
      }
    }
    return true;
  }

  /** The end of the line starting at {@code from}: the index of its '\n', or -1 when the line is unterminated. */
  public static int lineEnd(byte[] b, int from, int len) {
    for (int i = from; i < len; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
