package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.api.Binary;

/**
 * Rows held column-wise in memory (about 24 bytes a row plus the distinct labels) so that they can be written
 * sorted by (metric, container, time): each series then lies in one run, where dictionary and run-length encoding
 * and ZSTD find its repetitions, and readers asking for one metric touch few pages.
 */
final class RowBuffer {
  private long[] time = new long[1024];
  private int[] metric = new int[1024];
  private double[] value = new double[1024];
  private int[] labels = new int[1024];
  private int size;

  private final Map<String, Integer> metricIds = new HashMap<>();
  private final List<String> metricNames = new ArrayList<>();
  private final Map<List<String>, Integer> labelIds = new HashMap<>();
  private final List<List<String>> labelSets = new ArrayList<>();
  private final Map<Binary, Integer> metricIdsByBytes = new HashMap<>();
  private Binary[] lastLabels;
  private int lastLabelId;

  int size() {
    return size;
  }

  /** Adds one row read back from a raw-tier file. */
  void add(GenericRecord r) {
    List<String> l =
        Arrays.asList(
            str(r.get(MetricRows.CONTAINER_ID)),
            str(r.get(MetricRows.NODE_NAME)),
            str(r.get(MetricRows.POD_UID)),
            str(r.get(MetricRows.POD_NAME)),
            str(r.get(MetricRows.NAMESPACE)),
            str(r.get(MetricRows.CONTAINER_NAME)),
            str(r.get(MetricRows.QOS_CLASS)));
    add((Long) r.get(MetricRows.TIME), str(r.get(MetricRows.METRIC_NAME)), (Double) r.get(MetricRows.VALUE), l);
  }

  private void add(long t, String metricName, double v, List<String> labelSet) {
    int m = metricIds.computeIfAbsent(metricName, k -> {
      metricNames.add(k);
      return metricNames.size() - 1;
    });
    append(t, m, v, labelId(labelSet));
  }

  /**
   * Adds one row as read column-wise from a raw-tier file ({@link StagedRowReader}); {@code labelColumns} are
   * container id, node, pod UID, pod name, namespace, container name and QoS class (null when absent). The
   * {@link Binary}s may be reused by the reader: whatever is kept is copied. Consecutive rows of one sample share
   * their labels, so the label set is looked up only when it changes.
   */
  void add(long t, Binary metricName, double v, Binary[] labelColumns) {
    if (lastLabels == null || !Arrays.equals(lastLabels, labelColumns)) {
      List<String> l = new ArrayList<>(labelColumns.length);
      Binary[] copy = new Binary[labelColumns.length];
      for (int i = 0; i < labelColumns.length; i++) {
        Binary b = labelColumns[i];
        l.add(b == null ? null : b.toStringUsingUTF8());
        copy[i] = b == null ? null : Binary.fromConstantByteArray(b.getBytes());
      }
      lastLabels = copy;
      lastLabelId = labelId(l);
    }
    Integer m = metricIdsByBytes.get(metricName);
    if (m == null) {
      String name = metricName.toStringUsingUTF8();
      m = metricIds.computeIfAbsent(name, k -> {
        metricNames.add(k);
        return metricNames.size() - 1;
      });
      metricIdsByBytes.put(Binary.fromConstantByteArray(metricName.getBytes()), m);
    }
    append(t, m, v, lastLabelId);
  }

  private int labelId(List<String> labelSet) {
    return labelIds.computeIfAbsent(labelSet, k -> {
      labelSets.add(k);
      return labelSets.size() - 1;
    });
  }

  private void append(long t, int metricId, double v, int labelId) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      metric = Arrays.copyOf(metric, n);
      value = Arrays.copyOf(value, n);
      labels = Arrays.copyOf(labels, n);
    }
    time[size] = t;
    metric[size] = metricId;
    value[size] = v;
    labels[size] = labelId;
    size++;
  }

  /** Receives rows in sorted order. */
  interface RowConsumer {
    void accept(ContainerRef container, String node, long timeMs, String metric, double value) throws IOException;
  }

  /**
   * Hands every row to {@code out}, ordered by metric name, container id, node, then time. Rows of one label set
   * share one {@link ContainerRef} instance.
   */
  void forEachSorted(RowConsumer out) throws IOException {
    int[] metricRank = rank(metricNames, Comparator.naturalOrder());
    int[] labelRank = rank(labelSets, Comparator.comparing((List<String> l) -> l.get(0)).thenComparing(l -> l.get(1)));
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.<Integer>comparingInt(i -> metricRank[metric[i]])
            .thenComparingInt(i -> labelRank[labels[i]])
            .thenComparingLong(i -> time[i]));
    ContainerRef[] refs = new ContainerRef[labelSets.size()];
    for (int i = 0; i < refs.length; i++) {
      List<String> l = labelSets.get(i);
      // The cgroup path and sandbox flag are not stored; nothing downstream of the file reads them.
      refs[i] = new ContainerRef(l.get(0), l.get(2), QosClass.parse(l.get(6)), "", false, l.get(3), l.get(4), l.get(5));
    }
    for (int i : order) {
      List<String> l = labelSets.get(labels[i]);
      out.accept(refs[labels[i]], l.get(1), time[i], metricNames.get(metric[i]), value[i]);
    }
  }

  /** Receives each row of {@link #forEachSortedRow} in the one cursor. */
  interface CursorConsumer {
    void accept(RowCursor row) throws IOException;
  }

  /**
   * Hands every row to {@code out} in the order of {@link #forEachSorted}, through one {@link RowCursor} whose
   * label columns are set only when the series changes (no per-row objects).
   */
  void forEachSortedRow(RowCursor cursor, CursorConsumer out) throws IOException {
    Binary[] metricBytes = new Binary[metricNames.size()];
    for (int i = 0; i < metricBytes.length; i++) {
      metricBytes[i] = RowCursor.metricName(metricNames.get(i));
    }
    Binary[][] labelBytes = new Binary[labelSets.size()][];
    for (int i = 0; i < labelBytes.length; i++) {
      List<String> l = labelSets.get(i);
      labelBytes[i] = new Binary[l.size()];
      for (int j = 0; j < l.size(); j++) {
        labelBytes[i][j] = RowCursor.binary(l.get(j));
      }
    }
    int lastLabel = -1;
    for (int i : sortedOrder()) {
      if (labels[i] != lastLabel) {
        lastLabel = labels[i];
        Binary[] l = labelBytes[lastLabel];
        cursor.containerId = l[0];
        cursor.node = l[1];
        cursor.podUid = l[2];
        cursor.podName = l[3];
        cursor.namespace = l[4];
        cursor.containerName = l[5];
        cursor.qos = l[6];
      }
      cursor.timeMs = time[i];
      cursor.metric = metricBytes[metric[i]];
      cursor.value = value[i];
      out.accept(cursor);
    }
  }

  private static final int INDEX_BITS = 28;
  private static final int LABEL_BITS = 24;

  /**
   * Row indexes ordered by metric name, container id, node, then time. One primitive sort of packed keys (metric
   * rank, label-set rank, row index) puts each series in one run in arrival order; a run is then sorted by time only
   * if it is not already (files of a compaction unit come in no particular order).
   */
  int[] sortedOrder() {
    int[] metricRank = rank(metricNames, Comparator.naturalOrder());
    int[] labelRank = rank(labelSets, Comparator.comparing((List<String> l) -> l.get(0)).thenComparing(l -> l.get(1)));
    if (size >= 1 << INDEX_BITS || labelSets.size() >= 1 << LABEL_BITS
        || metricNames.size() >= 1 << (63 - INDEX_BITS - LABEL_BITS)) {
      Integer[] boxed = new Integer[size];
      for (int i = 0; i < size; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, Comparator.<Integer>comparingInt(i -> metricRank[metric[i]])
          .thenComparingInt(i -> labelRank[labels[i]])
          .thenComparingLong(i -> time[i]));
      return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = ((long) metricRank[metric[i]] << (INDEX_BITS + LABEL_BITS))
          | ((long) labelRank[labels[i]] << INDEX_BITS) | i;
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

  private static <T> int[] rank(List<T> values, Comparator<T> cmp) {
    Integer[] idx = new Integer[values.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> cmp.compare(values.get(a), values.get(b)));
    int[] rank = new int[idx.length];
    for (int r = 0; r < idx.length; r++) {
      rank[idx[r]] = r;
    }
    return rank;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
