package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.MetricRows;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.io.api.Binary;

/**
 * One long-form row ({@link MetricRows#SCHEMA}) as the Parquet writer sees it: a mutable cursor whose label
 * columns are set once per sample and whose time, metric and value change per row, so writing a sample's 40-odd
 * rows converts each label string to bytes once instead of once per row.
 */
final class RowCursor {
  private static final ConcurrentHashMap<String, Binary> METRIC_NAMES = new ConcurrentHashMap<>();

  long timeMs;
  Binary metric;
  double value;
  Binary containerId;
  Binary podUid;
  Binary podName;
  Binary namespace;
  Binary containerName;
  Binary qos;
  Binary node;

  /** Sets the label columns from a container and its node. */
  RowCursor labels(ContainerRef c, String nodeName) {
    containerId = Binary.fromString(c.containerId());
    podUid = binary(c.podUid());
    podName = binary(c.podName());
    namespace = binary(c.namespace());
    containerName = binary(c.containerName());
    qos = Binary.fromString(c.qos().label());
    node = Binary.fromString(nodeName);
    return this;
  }

  RowCursor row(long time, String metricName, double v) {
    timeMs = time;
    metric = metricName(metricName);
    value = v;
    return this;
  }

  /** Metric names repeat in every sample: their bytes are made once per JVM (the catalogue is small). */
  static Binary metricName(String name) {
    Binary b = METRIC_NAMES.get(name);
    if (b == null) {
      b = Binary.fromConstantByteArray(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (METRIC_NAMES.size() < 10_000) { // bounded: names from a misbehaving producer must not grow it forever
        METRIC_NAMES.put(name, b);
      }
    }
    return b;
  }

  static Binary binary(String s) {
    return s == null ? null : Binary.fromString(s);
  }
}
