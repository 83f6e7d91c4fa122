package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * One raw-tier row ({@link SampleRows#SCHEMA}) as the Parquet writer sees it: a mutable cursor whose label columns
 * are set when the container changes and whose time and metric values are overwritten per row, so that writing
 * rows creates no objects.
 */
final class SampleRow {
  /** Index of each label column in {@link #labels}: the order of {@link SampleRows#LABEL_COLUMNS}. */
  static final int CONTAINER_ID = 0;
  static final int POD_UID = 1;
  static final int POD_NAME = 2;
  static final int NAMESPACE = 3;
  static final int CONTAINER_NAME = 4;
  static final int QOS = 5;
  static final int NODE = 6;
  static final int LABELS = SampleRows.LABEL_COLUMNS.size();
  static final int METRICS = Metric.values().length;

  long timeMs;
  /** Label column values (null = absent), indexed like {@link SampleRows#LABEL_COLUMNS}. */
  final Binary[] labels = new Binary[LABELS];
  /** Metric values by {@link Metric#ordinal()}; NaN is written as null. */
  final double[] values = new double[METRICS];

  SampleRow() {
    Arrays.fill(values, Double.NaN);
  }

  /** Sets the label columns from a container and its node. */
  void labels(ContainerRef c, String node) {
    labels[CONTAINER_ID] = Binary.fromString(c.containerId());
    labels[POD_UID] = binary(c.podUid());
    labels[POD_NAME] = binary(c.podName());
    labels[NAMESPACE] = binary(c.namespace());
    labels[CONTAINER_NAME] = binary(c.containerName());
    labels[QOS] = Binary.fromString(c.qos().label());
    labels[NODE] = Binary.fromString(node);
  }

  static Binary binary(String s) {
    return s == null ? null : Binary.fromString(s);
  }
}
