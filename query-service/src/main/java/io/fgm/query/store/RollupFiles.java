package io.fgm.query.store;

import io.fgm.query.TimeRange;
import io.fgm.schema.MetricRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;

/**
 * Reads the 1-minute rollup tier written by the Flink job ({@code metric-rollup-v1.avsc} in flink-jobs: per
 * container, metric and minute {@code time} (minute start), {@code min}, {@code max}, {@code avg}, {@code last},
 * {@code count}, and the raw tier's label columns). Only the columns named here are read, so this class does not
 * depend on the writer's module. The label columns have the raw tier's names, so {@link MetricRowFiles#summarize}
 * indexes rollup files too.
 */
public final class RollupFiles {
  public static final String MIN = "min";
  public static final String MAX = "max";
  private static final List<String> COLUMNS =
      List.of(MetricRows.TIME, MetricRows.METRIC_NAME, MetricRows.CONTAINER_ID, MIN, MAX);

  private RollupFiles() {}

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
    FilterPredicate predicate = FilterApi.eq(FilterApi.binaryColumn(MetricRows.METRIC_NAME), Binary.fromString(metric));
    if (containerIds != null) {
      Set<Binary> wantedIds = new HashSet<>();
      containerIds.forEach(id -> wantedIds.add(Binary.fromString(id)));
      predicate = FilterApi.and(predicate, FilterApi.in(FilterApi.binaryColumn(MetricRows.CONTAINER_ID), wantedIds));
    }
    if (range.fromMs() != Long.MIN_VALUE || range.toMs() != Long.MAX_VALUE) {
      predicate = FilterApi.and(predicate, FilterApi.and(
          FilterApi.gtEq(FilterApi.longColumn(MetricRows.TIME), range.fromMs()),
          FilterApi.ltEq(FilterApi.longColumn(MetricRows.TIME), range.toMs())));
    }
    Binary wanted = Binary.fromString(metric);
    ColumnScan.Interner<Boolean> metricMatches = new ColumnScan.Interner<>(wanted::equals);
    ColumnScan.Interner<String> ids = new ColumnScan.Interner<>(b -> {
      String s = b.toStringUsingUTF8();
      return containerIds == null || containerIds.contains(s) ? s : "";
    });
    long[] delivered = {0};
    ColumnScan.scan(in, COLUMNS, predicate, (cols, n) -> {
      ColumnReader time = cols.get(MetricRows.TIME);
      ColumnReader name = cols.get(MetricRows.METRIC_NAME);
      ColumnReader id = cols.get(MetricRows.CONTAINER_ID);
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
}
