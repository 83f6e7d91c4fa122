package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the kernel's "flat keyed" files, one {@code key value [unit]} per line (cpu.stat, memory.stat,
 * memory.events, memory.oom_control, cpuacct.stat, smaps_rollup, /proc/PID/status), into {@link MetricValues}
 * through a table of wanted keys.
 *
 * <p>Contract: never throws; returns the number of problems found (0 = clean). A problem is an empty file, a last
 * line without its newline (a truncated read: its number may be cut short, so it is dropped), a wanted key whose
 * value is not a number, or a file without any wanted key. Unknown keys are ignored: kernels add keys over time.
 * Allocation-free; instances are immutable and thread-safe.
 */
public final class FlatKeyedParser {
  private final byte[][] keys;
  private final Metric[] metrics;
  private final long[] mul;
  private final long[] div;
  private final boolean[] sum;
  /** Key indexes by key length: a line's key is compared only with the keys of its length. */
  private final int[][] byLength;

  private FlatKeyedParser(List<Entry> entries) {
    int n = entries.size();
    keys = new byte[n][];
    metrics = new Metric[n];
    mul = new long[n];
    div = new long[n];
    sum = new boolean[n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      keys[i] = e.key.getBytes(StandardCharsets.US_ASCII);
      metrics[i] = e.metric;
      mul[i] = e.mul;
      div[i] = e.div;
      sum[i] = e.sum;
    }
    int maxLen = 0;
    for (byte[] k : keys) {
      maxLen = Math.max(maxLen, k.length);
    }
    byLength = new int[maxLen + 1][];
    for (int l = 0; l <= maxLen; l++) {
      int count = 0;
      for (byte[] k : keys) {
        count += k.length == l ? 1 : 0;
      }
      byLength[l] = new int[count];
      count = 0;
      for (int i = 0; i < n; i++) {
        if (keys[i].length == l) {
          byLength[l][count++] = i;
        }
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses {@code b[0, len)} into {@code out}; returns the number of problems. */
  public int parse(byte[] b, int len, MetricValues out) {
    if (b == null || len <= 0) {
      return 1;
    }
    len = Math.min(len, b.length);
    int problems = 0;
    boolean anyKnown = false;
    int pos = 0;
    while (pos < len) {
      int end = KernelText.lineEnd(b, pos, len);
      if (end < 0) {
        return problems + 1; // truncated last line
      }
      int ks = skipSpace(b, pos, end);
      int ke = ks;
      while (ke < end && !KernelText.isSpace(b[ke])) {
        ke++;
      }
      int idx = lookup(b, ks, ke);
      if (idx >= 0) {
        anyKnown = true;
        int vs = skipSpace(b, ke, end);
        int ve = vs;
        while (ve < end && !KernelText.isSpace(b[ve])) {
          ve++;
        }
        long v = KernelText.parseLong(b, vs, ve);
        long m = mul[idx];
        long d = div[idx];
        if (v == KernelText.MALFORMED || (m > 1 && Math.abs(v) > Long.MAX_VALUE / m)) {
          problems++;
        } else {
          // most keys are unscaled: no long division (a runtime call in C1-compiled code) for them
          double scaled = m == 1 && d == 1 ? (double) v : (double) (v * m / d);
          if (sum[idx]) {
            out.add(metrics[idx], scaled);
          } else {
            out.set(metrics[idx], scaled);
          }
        }
      }
      pos = end + 1;
    }
    return anyKnown ? problems : problems + 1;
  }

  private int lookup(byte[] b, int from, int to) {
    int len = to - from;
    if (len >= byLength.length) {
      return -1;
    }
    for (int i : byLength[len]) {
      if (KernelText.regionEquals(b, from, to, keys[i])) {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpace(byte[] b, int from, int to) {
    while (from < to && KernelText.isSpace(b[from])) {
      from++;
    }
    return from;
  }

  private record Entry(String key, Metric metric, long mul, long div, boolean sum) {}

  /** Collects the key table; later lines of the same metric overwrite earlier ones unless summed. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();

    /** {@code key}'s value becomes {@code metric} unchanged. */
    public Builder key(String key, Metric metric) {
      return key(key, metric, 1, 1);
    }

    /** {@code key}'s value times {@code mul} divided by {@code div} (integer maths) becomes {@code metric}. */
    public Builder key(String key, Metric metric, long mul, long div) {
      if (mul < 1 || div < 1) {
        throw new IllegalArgumentException("mul and div must be >= 1 for " + key);
      }
      entries.add(new Entry(key, metric, mul, div, false));
      return this;
    }

    /** {@code key}'s value is added to {@code metric} (for metrics the kernel splits over several keys). */
    public Builder sum(String key, Metric metric) {
      return sum(key, metric, 1, 1);
    }

    /** As {@link #sum(String, Metric)}, scaled like {@link #key(String, Metric, long, long)}. */
    public Builder sum(String key, Metric metric, long mul, long div) {
      if (mul < 1 || div < 1) {
        throw new IllegalArgumentException("mul and div must be >= 1 for " + key);
      }
      entries.add(new Entry(key, metric, mul, div, true));
      return this;
    }

    public FlatKeyedParser build() {
      if (entries.isEmpty()) {
        throw new IllegalStateException("no keys");
      }
      return new FlatKeyedParser(List.copyOf(entries));
    }
  }
}
