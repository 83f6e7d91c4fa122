package io.fgm.query.bench;

import io.fgm.query.store.FileSummary;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.schema.MetricRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;

/**
 * The original Avro-record reader, kept only as the "before" baseline of {@link ColdReadBench}.
 *
 * Reads long-form MetricRow Parquet files ({@link MetricRows}) with column projection and pushed-down
 * predicates: row groups whose statistics (time) or dictionaries (metric name, container id) cannot match are
 * skipped by parquet-java before any value is decoded.
 */
public final class AvroRowFiles {
  /** Every column but {@code value}: what a file summary needs. */
  private static final Schema LABELS =
      project(
          MetricRows.TIME,
          MetricRows.METRIC_NAME,
          MetricRows.CONTAINER_ID,
          MetricRows.POD_UID,
          MetricRows.POD_NAME,
          MetricRows.NAMESPACE,
          MetricRows.CONTAINER_NAME,
          MetricRows.QOS_CLASS,
          MetricRows.NODE_NAME);

  /**
   * What a time series needs. metric_name is only filtered on, but parquet-java evaluates record-level
   * predicates on projected columns only (an unprojected column reads as null), so it must be projected too.
   */
  private static final Schema VALUES =
      project(MetricRows.TIME, MetricRows.METRIC_NAME, MetricRows.CONTAINER_ID, MetricRows.VALUE);

  private AvroRowFiles() {}

  /** Receives the rows of a series read. */
  @FunctionalInterface
  public interface ValueSink {
    void accept(String containerId, long timeMs, double value);
  }

  /** Reads the label columns of the whole file once and condenses them per container. */
  public static FileSummary summarize(Path file, long sizeBytes, long modifiedMs) throws IOException {
    Map<String, Sighting> byId = new HashMap<>();
    long rows = 0;
    try (ParquetReader<GenericRecord> reader = open(file, LABELS, FilterCompat.NOOP)) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        rows++;
        String id = str(r.get(MetricRows.CONTAINER_ID));
        Sighting s = byId.computeIfAbsent(id, k -> new Sighting());
        s.add(r);
      }
    }
    Map<String, ContainerInfo> containers = new HashMap<>();
    byId.forEach((id, s) -> containers.put(id, s.toInfo(id)));
    return new FileSummary(file, sizeBytes, modifiedMs, rows, containers, true);
  }

  /**
   * Streams the rows of {@code metric} for {@code containerIds} (null: every container) within {@code range} to
   * {@code sink}.
   *
   * @return the number of rows delivered
   */
  public static long readValues(
      Path file, String metric, Set<String> containerIds, TimeRange range, ValueSink sink) throws IOException {
    FilterPredicate time =
        FilterApi.and(
            FilterApi.gtEq(FilterApi.longColumn(MetricRows.TIME), range.fromMs()),
            FilterApi.ltEq(FilterApi.longColumn(MetricRows.TIME), range.toMs()));
    FilterPredicate predicate =
        FilterApi.and(time, FilterApi.eq(FilterApi.binaryColumn(MetricRows.METRIC_NAME), Binary.fromString(metric)));
    if (containerIds != null) {
      Set<Binary> ids = new java.util.HashSet<>();
      containerIds.forEach(id -> ids.add(Binary.fromString(id)));
      predicate = FilterApi.and(predicate, FilterApi.in(FilterApi.binaryColumn(MetricRows.CONTAINER_ID), ids));
    }
    long n = 0;
    try (ParquetReader<GenericRecord> reader = open(file, VALUES, FilterCompat.get(predicate))) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        sink.accept(str(r.get(MetricRows.CONTAINER_ID)), (Long) r.get(MetricRows.TIME), (Double) r.get(MetricRows.VALUE));
        n++;
      }
    }
    return n;
  }

  private static ParquetReader<GenericRecord> open(Path file, Schema projection, FilterCompat.Filter filter)
      throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
    return AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf)
        .withDataModel(GenericData.get())
        .withFilter(filter)
        .build();
  }

  private static Schema project(String... names) {
    List<Schema.Field> fields = new ArrayList<>();
    for (String name : names) {
      Schema.Field f = MetricRows.SCHEMA.getField(name);
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema s = MetricRows.SCHEMA;
    return Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false, fields);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /** A container's labels, metrics and time span while a file is being summarized. */
  private static final class Sighting {
    private String podUid;
    private String podName;
    private String namespace;
    private String containerName;
    private String qos;
    private String node;
    private final Set<String> metrics = new TreeSet<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private long lastLabelTime = Long.MIN_VALUE;

    void add(GenericRecord r) {
      long t = (Long) r.get(MetricRows.TIME);
      first = Math.min(first, t);
      last = Math.max(last, t);
      metrics.add(str(r.get(MetricRows.METRIC_NAME)));
      if (t >= lastLabelTime) { // the latest labels win: names may be learnt after the first samples
        lastLabelTime = t;
        podUid = keep(str(r.get(MetricRows.POD_UID)), podUid);
        podName = keep(str(r.get(MetricRows.POD_NAME)), podName);
        namespace = keep(str(r.get(MetricRows.NAMESPACE)), namespace);
        containerName = keep(str(r.get(MetricRows.CONTAINER_NAME)), containerName);
        qos = keep(str(r.get(MetricRows.QOS_CLASS)), qos);
        node = keep(str(r.get(MetricRows.NODE_NAME)), node);
      }
    }

    ContainerInfo toInfo(String id) {
      return new ContainerInfo(
          id, podUid, podName, namespace, containerName, qos, node, List.copyOf(metrics), first, last);
    }

    private static String keep(String fresh, String old) {
      return fresh != null ? fresh : old;
    }
  }
}
