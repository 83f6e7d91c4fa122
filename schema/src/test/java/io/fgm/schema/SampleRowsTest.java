package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Tests for {@link SampleRows}. */
class SampleRowsTest {
  @Test
  void every_metric_has_its_own_column_that_maps_back_to_it() {
    Set<String> columns = new HashSet<>();
    for (Metric m : Metric.values()) {
      String c = SampleRows.column(m);
      assertTrue(columns.add(c), "two metrics share column " + c);
      assertEquals(m, SampleRows.metricOf(c).orElseThrow());
      assertEquals(c, SampleRows.column(m.key()).orElseThrow());
      assertFalse(c.contains("."), c);
    }
    assertTrue(SampleRows.column("no.such_metric").isEmpty());
    assertTrue(SampleRows.metricOf(SampleRows.CONTAINER_ID).isEmpty());
  }

  @Test
  void metric_columns_never_collide_with_the_time_or_a_label_column() {
    Set<String> reserved = new HashSet<>(SampleRows.LABEL_COLUMNS);
    reserved.add(SampleRows.TIME);
    for (String c : SampleRows.metricColumns()) {
      assertFalse(reserved.contains(c), c);
    }
  }

  @Test
  void the_schema_has_time_then_labels_then_one_nullable_double_per_metric_in_catalogue_order() {
    List<Schema.Field> fields = SampleRows.SCHEMA.getFields();
    assertEquals(1 + SampleRows.LABEL_COLUMNS.size() + Metric.values().length, fields.size());
    assertEquals(SampleRows.TIME, fields.get(0).name());
    assertEquals("timestamp-millis", fields.get(0).schema().getLogicalType().getName());
    for (int i = 0; i < SampleRows.LABEL_COLUMNS.size(); i++) {
      assertEquals(SampleRows.LABEL_COLUMNS.get(i), fields.get(1 + i).name());
    }
    assertEquals(Schema.Type.STRING, fields.get(1).schema().getType(), "container id is required");
    for (Metric m : Metric.values()) {
      Schema.Field f = fields.get(SampleRows.FIRST_METRIC_FIELD + m.ordinal());
      assertEquals(SampleRows.column(m), f.name());
      assertEquals(Schema.Type.UNION, f.schema().getType());
      assertEquals(List.of(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.DOUBLE)),
          f.schema().getTypes());
    }
  }

  @Test
  void values_go_to_their_catalogue_slot_absent_ones_are_nan_and_unknown_ones_are_counted() {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("cpu.usage_us", 12.5);
    metrics.put("memory.working_set_bytes", 4096.0);
    metrics.put("gpu.util_percent", 3.0); // not in the catalogue
    double[] out = new double[Metric.values().length];
    out[Metric.PIDS_CURRENT.ordinal()] = 7; // stale value from a previous sample must be cleared
    int unknown = SampleRows.valuesInto(metrics, out);
    assertEquals(1, unknown);
    assertEquals(12.5, out[Metric.CPU_USAGE_US.ordinal()]);
    assertEquals(4096.0, out[Metric.MEMORY_WORKING_SET_BYTES.ordinal()]);
    assertTrue(Double.isNaN(out[Metric.PIDS_CURRENT.ordinal()]));
  }
}
