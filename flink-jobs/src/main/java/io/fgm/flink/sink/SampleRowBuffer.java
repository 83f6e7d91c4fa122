package io.fgm.flink.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * Raw-tier rows held column-wise in memory (time, a label-set id, and one {@code double[]} per metric column that
 * has a value at all, NaN = null) so that they can be written sorted by (container id, node, time): each
 * container's series then lies in one run per column, where dictionary and run-length encoding and ZSTD find its
 * repetitions.
 */
final class SampleRowBuffer {
  private long[] time = new long[1024];
  private int[] labelSet = new int[1024];
  /** Per metric ordinal; null while the column has no value in any row. */
  private final double[][] values = new double[SampleRow.METRICS][];
  private int size;

  private final Map<LabelKey, Integer> labelIds = new HashMap<>();
  private final List<Binary[]> labelSets = new ArrayList<>();

  int size() {
    return size;
  }

  /** Makes room for {@code n} more rows; returns the index of the first. */
  int reserve(int n) {
    if (size + n > time.length) {
      int cap = Math.max(time.length * 2, size + n);
      time = Arrays.copyOf(time, cap);
      labelSet = Arrays.copyOf(labelSet, cap);
      for (int m = 0; m < values.length; m++) {
        if (values[m] != null) {
          int old = values[m].length;
          values[m] = Arrays.copyOf(values[m], cap);
          Arrays.fill(values[m], old, cap, Double.NaN);
        }
      }
    }
    int first = size;
    size += n;
    return first;
  }

  void time(int row, long t) {
    time[row] = t;
  }

  /** The id of a label set (indexed like {@link SampleRow#labels}); the {@link Binary}s are copied if kept. */
  int labelSetId(Binary[] labels) {
    LabelKey probe = new LabelKey(labels);
    Integer id = labelIds.get(probe);
    if (id == null) {
      Binary[] copy = new Binary[labels.length];
      for (int i = 0; i < labels.length; i++) {
        copy[i] = labels[i] == null ? null : Binary.fromConstantByteArray(labels[i].getBytes());
      }
      id = labelSets.size();
      labelSets.add(copy);
      labelIds.put(new LabelKey(copy), id);
    }
    return id;
  }

  void labelSet(int row, int id) {
    labelSet[row] = id;
  }

  int labelSetOf(int row) {
    return labelSet[row];
  }

  /** Sets metric {@code ordinal} of {@code row} (not NaN: unset cells are null). */
  void value(int ordinal, int row, double v) {
    double[] col = values[ordinal];
    if (col == null) {
      col = new double[time.length];
      Arrays.fill(col, Double.NaN);
      values[ordinal] = col;
    }
    col[row] = v;
  }

  /** Receives each row of {@link #forEachSorted} in the one cursor. */
  interface RowConsumer {
    void accept(SampleRow row) throws IOException;
  }

  /**
   * Hands every row to {@code out} ordered by container id, node, then time, through one {@link SampleRow} whose
   * label columns are set only when the label set changes (no per-row objects).
   */
  void forEachSorted(SampleRow row, RowConsumer out) throws IOException {
    int last = -1;
    for (int i : sortedOrder()) {
      if (labelSet[i] != last) {
        last = labelSet[i];
        System.arraycopy(labelSets.get(last), 0, row.labels, 0, SampleRow.LABELS);
      }
      row.timeMs = time[i];
      for (int m = 0; m < values.length; m++) {
        row.values[m] = values[m] == null ? Double.NaN : values[m][i];
      }
      out.accept(row);
    }
  }

  private static final int INDEX_BITS = 31;

  /**
   * Row indexes ordered by container id, node, then time. One primitive sort of packed keys ((container, node)
   * rank, row index) puts each container in one run in arrival order; a run is then sorted by time only if it is
   * not already (files of a compaction unit come in no particular order). Label sets of one container that differ
   * only in names (names joined mid-unit) share the run.
   */
  int[] sortedOrder() {
    int[] groupRank = groupRanks();
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = ((long) groupRank[labelSet[i]] << INDEX_BITS) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[size];
    long indexMask = (1L << INDEX_BITS) - 1;
    for (int i = 0; i < size; i++) {
      order[i] = (int) (keys[i] & indexMask);
    }
    int start = 0;
    for (int i = 1; i <= size; i++) {
      if (i == size || (keys[i] >>> INDEX_BITS) != (keys[start] >>> INDEX_BITS)) {
        sortByTime(order, start, i);
        start = i;
      }
    }
    return order;
  }

  /** Rank of each label set's (container id, node) among all label sets' (equal pairs share a rank). */
  private int[] groupRanks() {
    Integer[] idx = new Integer[labelSets.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Comparator<Integer> byGroup = Comparator.<Integer, Binary>comparing(i -> labelSets.get(i)[SampleRow.CONTAINER_ID])
        .thenComparing(i -> labelSets.get(i)[SampleRow.NODE]);
    Arrays.sort(idx, byGroup);
    int[] rank = new int[idx.length];
    int r = -1;
    for (int k = 0; k < idx.length; k++) {
      if (k == 0 || byGroup.compare(idx[k - 1], idx[k]) != 0) {
        r++;
      }
      rank[idx[k]] = r;
    }
    return rank;
  }

  private void sortByTime(int[] order, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (time[order[i]] < time[order[i - 1]]) {
        Integer[] run = new Integer[to - from];
        for (int j = 0; j < run.length; j++) {
          run[j] = order[from + j];
        }
        Arrays.sort(run, Comparator.comparingLong(j -> time[j])); // stable: equal times keep arrival order
        for (int j = 0; j < run.length; j++) {
          order[from + j] = run[j];
        }
        return;
      }
    }
  }

  /** A label set as a hash key (Binary hashes and compares its bytes). */
  private record LabelKey(Binary[] labels) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LabelKey k && Arrays.equals(labels, k.labels);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(labels);
    }
  }
}
