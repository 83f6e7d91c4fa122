package io.fgm.schema;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Builds long-form rows ({@link Schemas#METRIC_ROW_V1}) and names their columns, for writers and readers. */
public final class MetricRows {
  public static final Schema SCHEMA = Schemas.METRIC_ROW_V1;

  public static final String TIME = "time";
  public static final String METRIC_NAME = "metric_name";
  public static final String VALUE = "value";
  public static final String CONTAINER_ID = "l_container_id";
  public static final String POD_UID = "l_pod_uid";
  public static final String POD_NAME = "l_pod_name";
  public static final String NAMESPACE = "l_namespace";
  public static final String CONTAINER_NAME = "l_container_name";
  public static final String QOS_CLASS = "l_qos_class";
  public static final String NODE_NAME = "l_node_name";

  private MetricRows() {}

  public static GenericRecord row(long timeMs, String metric, double value, String node, ContainerRef c) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put(0, timeMs);
    r.put(1, metric);
    r.put(2, value);
    r.put(3, c.containerId());
    r.put(4, c.podUid());
    r.put(5, c.podName());
    r.put(6, c.namespace());
    r.put(7, c.containerName());
    r.put(8, c.qos().label());
    r.put(9, node);
    return r;
  }
}
