package io.fgm.query.bench;

import io.fgm.query.store.FileSummary;

import io.fgm.query.ContainerInfo;
import io.fgm.query.TimeRange;
import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
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
 * An Avro-record reader of the wide SampleRow files ({@link SampleRows}), parquet-avro with column projection and
 * pushed-down predicates: the tests' oracle for the column reader ({@code SampleRowFiles}, which must agree with it on
 * every fixture file) and the "records" baseline of {@link ColdReadBench}. A metric is present in a row when its
 * column is not null.
 */
public final class AvroRowFiles {
  private AvroRowFiles() {}

  /** Receives the rows of a series read. */
  @FunctionalInterface
  public interface ValueSink {
    void accept(String containerId, long timeMs, double value);
  }

  /** Reads every column of the whole file once and condenses it per container. */
  public static FileSummary summarize(Path file, long sizeBytes, long modifiedMs) throws IOException {
    Map<String, Sighting> byId = new HashMap<>();
    long rows = 0;
    try (ParquetReader<GenericRecord> reader = open(file, SampleRows.SCHEMA, FilterCompat.NOOP)) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        rows++;
        String id = str(r.get(SampleRows.CONTAINER_ID));
        Sighting s = byId.computeIfAbsent(id, k -> new Sighting());
        s.add(r);
      }
    }
    Map<String, ContainerInfo> containers = new HashMap<>();
    byId.forEach((id, s) -> {
      if (s.first != Long.MAX_VALUE) {
        containers.put(id, s.toInfo(id));
      }
    });
    return new FileSummary(file, sizeBytes, modifiedMs, rows, containers, true);
  }

  /**
   * Streams the non-null values of {@code metric} for {@code containerIds} (null: every container) within
   * {@code range} to {@code sink}.
   *
   * @return the number of rows delivered
   */
  public static long readValues(
      Path file, String metric, Set<String> containerIds, TimeRange range, ValueSink sink) throws IOException {
    String column = SampleRows.column(metric).orElse(null);
    if (column == null) {
      return 0;
    }
    FilterPredicate predicate =
        FilterApi.and(
            FilterApi.gtEq(FilterApi.longColumn(SampleRows.TIME), range.fromMs()),
            FilterApi.ltEq(FilterApi.longColumn(SampleRows.TIME), range.toMs()));
    if (containerIds != null) {
      Set<Binary> ids = new java.util.HashSet<>();
      containerIds.forEach(id -> ids.add(Binary.fromString(id)));
      predicate = FilterApi.and(predicate, FilterApi.in(FilterApi.binaryColumn(SampleRows.CONTAINER_ID), ids));
    }
    long n = 0;
    try (ParquetReader<GenericRecord> reader =
        open(file, project(SampleRows.TIME, SampleRows.CONTAINER_ID, column), FilterCompat.get(predicate))) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        Object v = r.get(column);
        if (v != null) {
          double value = v instanceof Long stored
              ? SampleRows.fromStored(stored, SampleRows.metricOf(column).orElseThrow().decimals()) : (Double) v;
          sink.accept(str(r.get(SampleRows.CONTAINER_ID)), (Long) r.get(SampleRows.TIME), value);
          n++;
        }
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
      Schema.Field f = SampleRows.SCHEMA.getField(name);
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema s = SampleRows.SCHEMA;
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
      boolean any = false;
      for (Metric m : Metric.values()) {
        if (r.get(SampleRows.column(m)) != null) {
          metrics.add(m.key());
          any = true;
        }
      }
      if (!any) {
        return; // a row without any metric: not a sighting
      }
      long t = (Long) r.get(SampleRows.TIME);
      first = Math.min(first, t);
      last = Math.max(last, t);
      if (t >= lastLabelTime) { // the latest labels win: names may be learnt after the first samples
        lastLabelTime = t;
        podUid = keep(str(r.get(SampleRows.POD_UID)), podUid);
        podName = keep(str(r.get(SampleRows.POD_NAME)), podName);
        namespace = keep(str(r.get(SampleRows.NAMESPACE)), namespace);
        containerName = keep(str(r.get(SampleRows.CONTAINER_NAME)), containerName);
        qos = keep(str(r.get(SampleRows.QOS_CLASS)), qos);
        node = keep(str(r.get(SampleRows.NODE_NAME)), node);
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
