package io.fgm.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
  void the_schema_has_time_then_labels_then_one_nullable_column_per_metric_in_catalogue_order() {
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
      Schema.Type stored = m.decimals() == Metric.FLOATING ? Schema.Type.DOUBLE : Schema.Type.LONG;
      assertEquals(List.of(Schema.create(Schema.Type.NULL), Schema.create(stored)), f.schema().getTypes());
      if (stored == Schema.Type.LONG) {
        assertEquals(m.decimals(), f.getObjectProp(SampleRows.DECIMALS_PROPERTY), m.key());
      } else {
        assertNull(f.getObjectProp(SampleRows.DECIMALS_PROPERTY), m.key());
      }
    }
  }

  @Test
  void counters_and_byte_gauges_are_whole_numbers_cpu_rates_have_three_decimals_and_ratios_stay_doubles() {
    assertEquals(0, Metric.CPU_USAGE_US.decimals());
    assertEquals(0, Metric.MEMORY_CURRENT_BYTES.decimals());
    assertEquals(0, Metric.PIDS_CURRENT.decimals());
    assertEquals(3, Metric.CPU_USAGE_MILLICORES.decimals());
    assertEquals(2, Metric.PSI_CPU_SOME_AVG10.decimals());
    assertEquals(Metric.FLOATING, Metric.CPU_THROTTLED_RATIO.decimals());
  }

  @Test
  void a_rate_of_whole_second_counters_reads_back_as_the_very_double_the_job_computed() {
    Random r = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long deltaUs = (long) (r.nextDouble() * 64_000_000L); // up to 64 cores busy for the second
      long gapMs = 1000L * (1 + r.nextInt(3));
      double millicores = deltaUs / (double) gapMs; // CounterRates.millicores at a whole-second gap
      long stored = SampleRows.toStored(millicores, 3);
      if (gapMs == 1000) {
        assertEquals(deltaUs, stored);
        assertEquals(millicores, SampleRows.fromStored(stored, 3), 0.0, "Δµs " + deltaUs);
      } else {
        assertEquals(millicores, SampleRows.fromStored(stored, 3), 0.0005 + 1e-9, "Δµs " + deltaUs + " over " + gapMs);
      }
    }
    long bigCounter = (1L << 53) - 1; // ~285 years of one core in µs: every integer up to here is a double
    assertEquals(bigCounter, SampleRows.toStored((double) bigCounter, 0));
    assertEquals((double) bigCounter, SampleRows.fromStored(bigCounter, 0), 0.0);
    assertEquals(0.12, SampleRows.fromStored(SampleRows.toStored(0.12, 2), 2), 0.0);
    assertEquals(-7, SampleRows.toStored(-7.0, 0));
  }

  @Test
  void a_reader_trusts_the_file_first_then_the_catalogue_for_a_columns_decimals() {
    String millicores = SampleRows.column(Metric.CPU_USAGE_MILLICORES);
    assertEquals(Metric.FLOATING, SampleRows.storedDecimals(millicores, true, null), "old files: doubles");
    assertEquals(2, SampleRows.storedDecimals(millicores, false, 2), "the file's DECIMAL annotation wins");
    assertEquals(3, SampleRows.storedDecimals(millicores, false, null), "no annotation: the catalogue");
    assertEquals(0, SampleRows.storedDecimals(SampleRows.column(Metric.CPU_USAGE_US), false, null));
    assertEquals(0, SampleRows.storedDecimals("not_a_metric", false, null));
    assertEquals(0, SampleRows.storedDecimals(SampleRows.column(Metric.CPU_THROTTLED_RATIO), false, null),
        "a ratio written as an integer by someone else is read as whole numbers, never scaled by -1");
  }

  @Test
  void a_value_its_column_cannot_hold_is_reported_unrepresentable_not_wrapped() {
    assertEquals(SampleRows.UNREPRESENTABLE, SampleRows.toStored(Double.NaN, 0));
    assertEquals(SampleRows.UNREPRESENTABLE, SampleRows.toStored(Double.POSITIVE_INFINITY, 0));
    assertEquals(SampleRows.UNREPRESENTABLE, SampleRows.toStored(Double.NEGATIVE_INFINITY, 3));
    assertEquals(SampleRows.UNREPRESENTABLE, SampleRows.toStored(1e300, 0));
    assertEquals(SampleRows.UNREPRESENTABLE, SampleRows.toStored(1e13, 3)); // 1e16 after scaling: beyond 2^53
    assertEquals(10_000_000_000_000L, SampleRows.toStored(1e13, 0));
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
