package io.fgm.query.store;

import io.fgm.query.TimeRange;
import io.fgm.query.ContainerInfo;
import io.fgm.schema.SampleRows;
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
import org.apache.parquet.schema.MessageType;

/**
 * Reads the 1-minute rollup tier written by the Flink job ({@code metric-rollup-v1.avsc} in flink-jobs: per
 * container, metric and minute {@code time} (minute start), {@code min}, {@code max}, {@code avg}, {@code last},
 * {@code count}, and the raw tier's label columns). Only the columns named here are read, so this class does not
 * depend on the writer's module. Unlike the raw tier (wide rows, {@link SampleRowFiles}), the rollup stays long-form:
 * one row per container, metric and minute, the metric named in {@code metric_name}. Its label columns have the raw
 * tier's names ({@link SampleRows}), and {@link #summarize} indexes its files for the same metadata index.
 */
public final class RollupFiles {
  public static final String MIN = "min";
  public static final String MAX = "max";
  /** The rollup's metric name column (the raw tier has none since it is wide). */
  public static final String METRIC_NAME = "metric_name";
  private static final List<String> COLUMNS =
      List.of(SampleRows.TIME, METRIC_NAME, SampleRows.CONTAINER_ID, MIN, MAX);
  private static final List<String> LABELS =
      List.of(
          SampleRows.TIME,
          METRIC_NAME,
          SampleRows.CONTAINER_ID,
          SampleRows.POD_UID,
          SampleRows.POD_NAME,
          SampleRows.NAMESPACE,
          SampleRows.CONTAINER_NAME,
          SampleRows.QOS_CLASS,
          SampleRows.NODE_NAME);

  private RollupFiles() {}

  /** Refuses a file without the rollup's columns (a raw-tier file put in the rollup tier, say) before reading it. */
  static void check(MessageType schema) throws SampleRowFiles.LayoutException {
    for (String c : List.of(SampleRows.TIME, METRIC_NAME, SampleRows.CONTAINER_ID, MIN, MAX)) {
      if (!schema.containsField(c) || !schema.getType(c).isPrimitive()) {
        throw new SampleRowFiles.LayoutException("not a rollup file: no column " + c);
      }
    }
  }

  /**
   * Reads the label columns of a rollup file once and condenses them per container (its metrics are the names in
   * {@code metric_name}), for the metadata index.
   */
  public static FileSummary summarize(Path file, long sizeBytes, long modifiedMs) throws IOException {
    return summarize(new LocalInputFile(file), file, sizeBytes, modifiedMs);
  }

  /** As {@link #summarize(Path, long, long)}, reading from {@code in}; {@code file} names it in the summary. */
  public static FileSummary summarize(InputFile in, Path file, long sizeBytes, long modifiedMs) throws IOException {
    ColumnScan.Interner<Sighting> byId = new ColumnScan.Interner<>(b -> new Sighting(b.toStringUsingUTF8()));
    ColumnScan.Interner<String> strings = new ColumnScan.Interner<>(Binary::toStringUsingUTF8);
    long[] rows = {0};
    ColumnScan.scan(in, RollupFiles::check, LABELS, null, (cols, n) -> {
      ColumnReader time = cols.get(SampleRows.TIME);
      ColumnReader metric = cols.get(METRIC_NAME);
      ColumnReader id = cols.get(SampleRows.CONTAINER_ID);
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


  /** Receives one rollup row: the minute's start and the extremes of the values in it. */
  @FunctionalInterface
  public interface MinuteSink {
    void accept(String containerId, long minuteStartMs, double min, double max);
  }

  /** Streams the minutes of {@code metric} for {@code containerIds} (null: all) starting within {@code range}. */
  public static long readMinutes(Path file, String metric, Set<String> containerIds, TimeRange range,
      MinuteSink sink) throws IOException {
    return readMinutes(new LocalInputFile(file), metric, containerIds, range, sink);
  }

  /** As {@link #readMinutes(Path, String, Set, TimeRange, MinuteSink)}, reading from {@code in}. */
  public static long readMinutes(InputFile in, String metric, Set<String> containerIds, TimeRange range,
      MinuteSink sink) throws IOException {
    FilterPredicate predicate = FilterApi.eq(FilterApi.binaryColumn(METRIC_NAME), Binary.fromString(metric));
    if (containerIds != null) {
      Set<Binary> wantedIds = new HashSet<>();
      containerIds.forEach(id -> wantedIds.add(Binary.fromString(id)));
      predicate = FilterApi.and(predicate, FilterApi.in(FilterApi.binaryColumn(SampleRows.CONTAINER_ID), wantedIds));
    }
    if (range.fromMs() != Long.MIN_VALUE || range.toMs() != Long.MAX_VALUE) {
      predicate = FilterApi.and(predicate, FilterApi.and(
          FilterApi.gtEq(FilterApi.longColumn(SampleRows.TIME), range.fromMs()),
          FilterApi.ltEq(FilterApi.longColumn(SampleRows.TIME), range.toMs())));
    }
    Binary wanted = Binary.fromString(metric);
    ColumnScan.Interner<Boolean> metricMatches = new ColumnScan.Interner<>(wanted::equals);
    ColumnScan.Interner<String> ids = new ColumnScan.Interner<>(b -> {
      String s = b.toStringUsingUTF8();
      return containerIds == null || containerIds.contains(s) ? s : "";
    });
    long[] delivered = {0};
    ColumnScan.scan(in, RollupFiles::check, COLUMNS, predicate, (cols, n) -> {
      ColumnReader time = cols.get(SampleRows.TIME);
      ColumnReader name = cols.get(METRIC_NAME);
      ColumnReader id = cols.get(SampleRows.CONTAINER_ID);
      ColumnReader min = cols.get(MIN);
      ColumnReader max = cols.get(MAX);
      for (long r = 0; r < n; r++) {
        long t = time.getLong();
        String c = metricMatches.get(name.getBinary()) && range.contains(t) ? ids.get(id.getBinary()) : "";
        if (!c.isEmpty()) {
          sink.accept(c, t, min.getDouble(), max.getDouble());
          delivered[0]++;
        } else { // an unread value must be skipped explicitly, or the column's values drift
          id.skip();
          min.skip();
          max.skip();
        }
        time.consume();
        name.consume();
        id.consume();
        min.consume();
        max.consume();
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
