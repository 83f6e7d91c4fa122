package io.fgm.flink.rollup;

import io.fgm.schema.ContainerRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Rows of the 1-minute rollup tier ({@code avro/metric-rollup-v1.avsc}): per container, metric and minute the min,
 * max, avg, last value and count, with the label columns of the raw tier
 * ({@link io.fgm.schema.SampleRows#LABEL_COLUMNS}).
 */
public final class RollupRows {
  public static final Schema SCHEMA = load("/avro/metric-rollup-v1.avsc");

  public static final String TIME = "time";
  public static final String METRIC_NAME = "metric_name";
  public static final String MIN = "min";
  public static final String MAX = "max";
  public static final String AVG = "avg";
  public static final String LAST = "last";
  public static final String COUNT = "count";
  public static final String CONTAINER_ID = "l_container_id";
  public static final String NODE_NAME = "l_node_name";

  private RollupRows() {}

  /** One rollup row from {@link MetricStats} of a metric over the minute starting at {@code minuteStartMs}. */
  public static GenericRecord row(long minuteStartMs, String metric, double[] stats, String node, ContainerRef c) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put(0, minuteStartMs);
    r.put(1, metric);
    r.put(2, stats[MetricStats.MIN]);
    r.put(3, stats[MetricStats.MAX]);
    r.put(4, MetricStats.avg(stats));
    r.put(5, stats[MetricStats.LAST]);
    r.put(6, (long) stats[MetricStats.COUNT]);
    r.put(7, c.containerId());
    r.put(8, c.podUid());
    r.put(9, c.podName());
    r.put(10, c.namespace());
    r.put(11, c.containerName());
    r.put(12, c.qos().label());
    r.put(13, node);
    return r;
  }

  private static Schema load(String resource) {
    try (InputStream in = RollupRows.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
