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
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      metric = Arrays.copyOf(metric, n);
      value = Arrays.copyOf(value, n);
      labels = Arrays.copyOf(labels, n);
    }
    time[size] = t;
    metric[size] = metricIds.computeIfAbsent(metricName, k -> {
      metricNames.add(k);
      return metricNames.size() - 1;
    });
    value[size] = v;
    labels[size] = labelIds.computeIfAbsent(labelSet, k -> {
      labelSets.add(k);
      return labelSets.size() - 1;
    });
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
