package io.fgm.agent.cgroup;

import java.util.Arrays;

/** A reusable list of process ids parsed from {@code cgroup.procs} (one decimal pid per line). */
public final class PidList {
  /** A list that is always empty (do not add to it). */
  static final PidList EMPTY = new PidList(0);

  private int[] pids;
  private int size;

  public PidList() {
    this(64);
  }

  private PidList(int capacity) {
    pids = new int[capacity];
  }

  /** Appends {@code pid}. */
  public void add(int pid) {
    if (size == pids.length) {
      pids = Arrays.copyOf(pids, Math.max(8, size * 2));
    }
    pids[size++] = pid;
  }

  /** Replaces the content with the pids in {@code b[0, len)}; returns the number of malformed lines. */
  public int parse(byte[] b, int len) {
    size = 0;
    if (b == null || len <= 0) {
      return 0; // an empty cgroup.procs is a cgroup without processes
    }
    len = Math.min(len, b.length);
    int problems = 0;
    int pos = 0;
    while (pos < len) {
      int end = KernelText.lineEnd(b, pos, len);
      if (end < 0) {
        return problems + 1;
      }
      long v = KernelText.parseLong(b, pos, end);
      if (v <= 0 || v > Integer.MAX_VALUE) {
        if (end > pos) {
          problems++;
        }
      } else {
        if (size == pids.length) {
          pids = Arrays.copyOf(pids, size * 2);
        }
        pids[size++] = (int) v;
      }
      pos = end + 1;
    }
    return problems;
  }

  public int size() {
    return size;
  }

  public int get(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return pids[i];
  }
}
