package io.fgm.query.store;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.schema.MetricRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;

/**
 * Reads long-form MetricRow Parquet files ({@link MetricRows}) column by column ({@link ColumnScan}): only the
 * needed columns, and only the row groups that statistics (time), dictionaries (metric name, container id) and
 * bloom filters do not rule out. Rows are never assembled into records.
 */
public final class MetricRowFiles {
  private static final List<String> LABELS =
      List.of(
          MetricRows.TIME,
          MetricRows.METRIC_NAME,
          MetricRows.CONTAINER_ID,
          MetricRows.POD_UID,
          MetricRows.POD_NAME,
          MetricRows.NAMESPACE,
          MetricRows.CONTAINER_NAME,
          MetricRows.QOS_CLASS,
          MetricRows.NODE_NAME);
  private static final List<String> VALUES =
      List.of(MetricRows.TIME, MetricRows.METRIC_NAME, MetricRows.CONTAINER_ID, MetricRows.VALUE);

  private MetricRowFiles() {}

  /** Receives the rows of a series read. */
  @FunctionalInterface
  public interface ValueSink {
    void accept(String containerId, long timeMs, double value);
  }

  /** Reads the label columns of the whole file once and condenses them per container. */
  public static FileSummary summarize(Path file, long sizeBytes, long modifiedMs) throws IOException {
    return summarize(new LocalInputFile(file), file, sizeBytes, modifiedMs);
  }

  /** As {@link #summarize(Path, long, long)}, reading from {@code in}; {@code file} names it in the summary. */
  public static FileSummary summarize(InputFile in, Path file, long sizeBytes, long modifiedMs) throws IOException {
    ColumnScan.Interner<Sighting> byId = new ColumnScan.Interner<>(b -> new Sighting(b.toStringUsingUTF8()));
    ColumnScan.Interner<String> strings = new ColumnScan.Interner<>(Binary::toStringUsingUTF8);
    long[] rows = {0};
    ColumnScan.scan(in, LABELS, null, (cols, n) -> {
      ColumnReader time = cols.get(MetricRows.TIME);
      ColumnReader metric = cols.get(MetricRows.METRIC_NAME);
      ColumnReader id = cols.get(MetricRows.CONTAINER_ID);
      ColumnReader[] labels = new ColumnReader[6];
      int[] maxDef = new int[6];
      for (int i = 0; i < 6; i++) {
        labels[i] = cols.get(LABELS.get(3 + i));
        maxDef[i] = cols.maxDefinition(LABELS.get(3 + i));
      }
      for (long r = 0; r < n; r++) {
        long t = time.getLong();
        time.consume();
        String m = strings.get(metric.getBinary());
        metric.consume();
        Sighting s = byId.get(id.getBinary());
        id.consume();
        boolean latest = s.add(t, m);
        for (int i = 0; i < 6; i++) {
          ColumnReader c = labels[i];
          if (c.getCurrentDefinitionLevel() == maxDef[i]) {
            if (latest) { // the latest labels win: names may be learnt late
              Binary b = c.getBinary();
              if (b != s.rawLabels[i]) { // same dictionary entry as last time: nothing to look up
                s.rawLabels[i] = b;
                s.labels[i] = strings.get(b);
              }
            } else {
              c.skip(); // an unread value must be skipped explicitly, or the column's values drift
            }
          }
          c.consume();
        }
      }
      rows[0] += n;
    });
    Map<String, ContainerInfo> containers = new HashMap<>();
    for (Sighting s : byId.values().values()) {
      containers.put(s.id, s.toInfo());
    }
    return new FileSummary(file, sizeBytes, modifiedMs, rows[0], containers, true);
  }

  /**
   * Streams the rows of {@code metric} for {@code containerIds} (null: every container) within {@code range} to
   * {@code sink}, in file order.
   *
   * @return the number of rows delivered
   */
  public static long readValues(Path file, String metric, Set<String> containerIds, TimeRange range, ValueSink sink)
      throws IOException {
    return readValues(new LocalInputFile(file), metric, containerIds, range, sink);
  }

  /** As {@link #readValues(Path, String, Set, TimeRange, ValueSink)}, reading from {@code in}. */
  public static long readValues(
      InputFile in, String metric, Set<String> containerIds, TimeRange range, ValueSink sink) throws IOException {
    FilterPredicate predicate = FilterApi.eq(FilterApi.binaryColumn(MetricRows.METRIC_NAME), Binary.fromString(metric));
    if (range.fromMs() != Long.MIN_VALUE || range.toMs() != Long.MAX_VALUE) {
      predicate = FilterApi.and(predicate, FilterApi.and(
          FilterApi.gtEq(FilterApi.longColumn(MetricRows.TIME), range.fromMs()),
          FilterApi.ltEq(FilterApi.longColumn(MetricRows.TIME), range.toMs())));
    }
    if (containerIds != null) {
      Set<Binary> ids = new HashSet<>();
      containerIds.forEach(id -> ids.add(Binary.fromString(id)));
      predicate = FilterApi.and(predicate, FilterApi.in(FilterApi.binaryColumn(MetricRows.CONTAINER_ID), ids));
    }
    Binary wanted = Binary.fromString(metric);
    ColumnScan.Interner<Boolean> metricMatches = new ColumnScan.Interner<>(wanted::equals);
    // a container not asked for maps to "", so that it is interned once and skipped by identity
    ColumnScan.Interner<String> ids = new ColumnScan.Interner<>(b -> {
      String s = b.toStringUsingUTF8();
      return containerIds == null || containerIds.contains(s) ? s : "";
    });
    long[] delivered = {0};
    ColumnScan.scan(in, VALUES, predicate, (cols, n) -> {
      ColumnReader time = cols.get(MetricRows.TIME);
      ColumnReader name = cols.get(MetricRows.METRIC_NAME);
      ColumnReader id = cols.get(MetricRows.CONTAINER_ID);
      ColumnReader value = cols.get(MetricRows.VALUE);
      for (long r = 0; r < n; r++) {
        long t = time.getLong();
        boolean keep = metricMatches.get(name.getBinary()) && range.contains(t);
        String c = "";
        if (keep) {
          c = ids.get(id.getBinary());
        } else {
          id.skip(); // an unread value must be skipped explicitly, or the column's values drift
        }
        if (!c.isEmpty()) {
          sink.accept(c, t, value.getDouble());
          delivered[0]++;
        } else {
          value.skip();
        }
        time.consume();
        name.consume();
        id.consume();
        value.consume();
      }
    });
    return delivered[0];
  }

  /** Receives the rows of several metrics read in one pass. */
  @FunctionalInterface
  public interface MetricValueSink {
    void accept(String metric, String containerId, long timeMs, double value);
  }

  /**
   * Streams the rows of every metric in {@code metrics}, every container, to {@code sink}, in file order, in one
   * pass over the file: the time, name and id columns are decoded once for all of them, where reading them metric by
   * metric ({@link #readValues(InputFile, String, Set, TimeRange, ValueSink)}) decodes every row once per metric.
   *
   * @return the number of rows delivered
   */
  public static long readValuesOfMetrics(InputFile in, Set<String> metrics, MetricValueSink sink) throws IOException {
    Set<Binary> names = new HashSet<>();
    metrics.forEach(m -> names.add(Binary.fromString(m)));
    FilterPredicate predicate = FilterApi.in(FilterApi.binaryColumn(MetricRows.METRIC_NAME), names);
    // a metric not asked for maps to "", so that it is interned once and skipped by identity
    ColumnScan.Interner<String> metricOf = new ColumnScan.Interner<>(b -> {
      String s = b.toStringUsingUTF8();
      return metrics.contains(s) ? s : "";
    });
    ColumnScan.Interner<String> ids = new ColumnScan.Interner<>(Binary::toStringUsingUTF8);
    long[] delivered = {0};
    ColumnScan.scan(in, VALUES, predicate, (cols, n) -> {
      ColumnReader time = cols.get(MetricRows.TIME);
      ColumnReader name = cols.get(MetricRows.METRIC_NAME);
      ColumnReader id = cols.get(MetricRows.CONTAINER_ID);
      ColumnReader value = cols.get(MetricRows.VALUE);
      for (long r = 0; r < n; r++) {
        long t = time.getLong();
        String m = metricOf.get(name.getBinary());
        if (!m.isEmpty()) {
          sink.accept(m, ids.get(id.getBinary()), t, value.getDouble());
          delivered[0]++;
        } else {
          id.skip(); // an unread value must be skipped explicitly, or the column's values drift
          value.skip();
        }
        time.consume();
        name.consume();
        id.consume();
        value.consume();
      }
    });
    return delivered[0];
  }

  /** A container's labels, metrics and time span while a file is being summarized. */
  private static final class Sighting {
    private final String id;
    /** pod uid, pod name, namespace, container name, qos, node: the order of {@link #LABELS} after the id. */
    private final String[] labels = new String[6];
    /** The undecoded label values last taken, compared by identity to skip re-interning the same entry. */
    private final Binary[] rawLabels = new Binary[6];
    private final Set<String> metrics = new HashSet<>();
    private String lastMetric;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private long lastLabelTime = Long.MIN_VALUE;

    Sighting(String id) {
      this.id = id;
    }

    /** Records a row; true when it is the latest seen so far, so its labels should be taken. */
    boolean add(long t, String metric) {
      first = Math.min(first, t);
      last = Math.max(last, t);
      if (metric != lastMetric) { // interned: identity is equality
        metrics.add(metric);
        lastMetric = metric;
      }
      if (t >= lastLabelTime) {
        lastLabelTime = t;
        return true;
      }
      return false;
    }

    ContainerInfo toInfo() {
      return new ContainerInfo(id, labels[0], labels[1], labels[2], labels[3], labels[4], labels[5],
          List.copyOf(new TreeSet<>(metrics)), first, last);
    }
  }
}
