package io.fgm.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The raw tier's Parquet row: one row per container and second, with the label columns once and one nullable column
 * per metric of the catalogue ({@link Metric}), in catalogue order. A metric that was not collected (absent from the
 * sample, or NaN) is null. A metric column is a 64-bit integer holding the value × 10^{@link Metric#decimals()}
 * ({@link #toStored}, {@link #fromStored}), or a {@code DOUBLE} for the few units without a decimal resolution
 * ({@link Metric#FLOATING}).
 *
 * <p>Why wide and not one row per value (the original prototype's long form): every label column, the time and the
 * metric name were written, sorted, compressed and read back once per value instead of once per sample, about 45
 * times per second per container; the per-row work of Parquet dominated the whole pipeline's CPU. A reader asking
 * for one metric reads one column chunk (projection) instead of filtering a name column.
 *
 * <p>Column names are the metric keys with {@code .} replaced by {@code _} ({@code cpu.usage_millicores} →
 * {@code cpu_usage_millicores}): dots are path separators in Parquet column paths and not allowed in Avro names.
 * The mapping is one-to-one over the catalogue and never collides with {@link #TIME} or a label column (a test
 * checks both). Metrics the catalogue does not know have no column: writers count and drop them (a newer agent
 * than the job's schema), readers never see them.
 */
public final class SampleRows {
  public static final String TIME = "time";
  public static final String CONTAINER_ID = "l_container_id";
  public static final String POD_UID = "l_pod_uid";
  public static final String POD_NAME = "l_pod_name";
  public static final String NAMESPACE = "l_namespace";
  public static final String CONTAINER_NAME = "l_container_name";
  public static final String QOS_CLASS = "l_qos_class";
  public static final String NODE_NAME = "l_node_name";

  /** The label columns, in schema order (after {@link #TIME}). */
  public static final List<String> LABEL_COLUMNS =
      List.of(CONTAINER_ID, POD_UID, POD_NAME, NAMESPACE, CONTAINER_NAME, QOS_CLASS, NODE_NAME);

  /** Index of the first metric column in {@link #SCHEMA}'s fields. */
  public static final int FIRST_METRIC_FIELD = 1 + LABEL_COLUMNS.size();

  private static final Metric[] CATALOGUE = Metric.values();
  private static final Map<String, Metric> BY_COLUMN = new HashMap<>();

  static {
    for (Metric m : CATALOGUE) {
      BY_COLUMN.put(column(m), m);
    }
  }

  /** The Avro form of the row (parquet-avro converts it to the Parquet schema of every raw-tier file). */
  public static final Schema SCHEMA = build();

  private SampleRows() {}

  /** The column of {@code metric}. */
  public static String column(Metric metric) {
    return metric.key().replace('.', '_');
  }

  /** The column of the metric named {@code key}, if the catalogue knows it. */
  public static Optional<String> column(String key) {
    return Metric.byKey(key).map(SampleRows::column);
  }

  /** The metric stored in {@code column}, if it is a metric column. */
  public static Optional<Metric> metricOf(String column) {
    return Optional.ofNullable(BY_COLUMN.get(column));
  }

  /** The metric columns, in catalogue (= schema) order. */
  public static List<String> metricColumns() {
    List<String> out = new ArrayList<>(CATALOGUE.length);
    for (Metric m : CATALOGUE) {
      out.add(column(m));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Copies the values of {@code metrics} into {@code out} by catalogue position ({@link Metric#ordinal()}), NaN
   * where a metric is absent or NaN; {@code out} must have {@code Metric.values().length} slots.
   *
   * @return how many entries of {@code metrics} the catalogue does not know (they have no column)
   */
  public static int valuesInto(Map<String, Double> metrics, double[] out) {
    int known = 0;
    for (Metric m : CATALOGUE) {
      Double v = metrics.get(m.key());
      if (v != null) {
        known++;
        out[m.ordinal()] = v;
      } else {
        out[m.ordinal()] = Double.NaN;
      }
    }
    return metrics.size() - known;
  }

  /**
   * The Avro field property that carries a metric column's {@link Metric#decimals()}; the Parquet files also say it
   * as a {@code DECIMAL(18, d)} annotation on the column (d &gt; 0), so any Parquet reader gets the right numbers.
   */
  public static final String DECIMALS_PROPERTY = "fgm.decimals";

  /** Largest magnitude a stored value may have: beyond 2^53 a double no longer holds every integer. */
  private static final double MAX_STORED = 0x1p53;

  private static final double[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /**
   * {@code value} as stored in a column of {@code decimals} decimal digits: {@code round(value × 10^decimals)}.
   *
   * @return the stored integer, or {@link #UNREPRESENTABLE} when {@code value} is NaN, infinite or too large for a
   *     column of that resolution (beyond ±2^53 after scaling), which the writer stores as null and counts
   */
  public static long toStored(double value, int decimals) {
    double scaled = value * POWERS[decimals];
    if (!(Math.abs(scaled) < MAX_STORED)) { // also false for NaN
      return UNREPRESENTABLE;
    }
    return Math.round(scaled);
  }

  /** The value of a stored integer of {@code decimals} digits; the inverse of {@link #toStored} (exact for it). */
  public static double fromStored(long stored, int decimals) {
    // Division by an exact power of ten is correctly rounded, so this is the double nearest the decimal: the same
    // double the job computed from whole-second counters (e.g. Δµs / 1000.0).
    return decimals == 0 ? (double) stored : stored / POWERS[decimals];
  }

  /**
   * {@code value} of {@code metric} as its Avro field holds it ({@link #SCHEMA}): a {@code Long} of the stored
   * integer, a {@code Double} for {@link Metric#FLOATING} metrics, null for NaN or a value the column cannot hold.
   */
  public static Object avroValue(Metric metric, double value) {
    if (Double.isNaN(value)) {
      return null;
    }
    if (metric.decimals() == Metric.FLOATING) {
      return value;
    }
    long stored = toStored(value, metric.decimals());
    return stored == UNREPRESENTABLE ? null : stored;
  }

  /**
   * The decimals a reader applies to a raw-tier file's metric column, from what the file says about it: {@link
   * Metric#FLOATING} for a double column (every metric column of files written before 2026-11-25), else the scale of
   * its {@code DECIMAL} annotation (the job's files), else the catalogue's (an INT64 column written through
   * parquet-avro alone, which has no decimal on long).
   *
   * @param annotatedScale the column's {@code DECIMAL} scale, or null when it has no such annotation
   */
  public static int storedDecimals(String column, boolean doubleColumn, Integer annotatedScale) {
    if (doubleColumn) {
      return Metric.FLOATING;
    }
    if (annotatedScale != null) {
      return annotatedScale;
    }
    return metricOf(column).map(Metric::decimals).filter(d -> d != Metric.FLOATING).orElse(0);
  }

  /** Returned by {@link #toStored} for a value its column cannot hold. */
  public static final long UNREPRESENTABLE = Long.MIN_VALUE;

  private static Schema build() {
    SchemaBuilder.FieldAssembler<Schema> f =
        SchemaBuilder.record("SampleRow")
            .namespace("io.fgm.schema.v2")
            .doc("io.fgm.schema.SampleRows: one container at one second; metric units in SCHEMA.md.")
            .fields();
    f = f.name(TIME).type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault();
    f = f.name(CONTAINER_ID).type().stringType().noDefault();
    for (String optional : List.of(POD_UID, POD_NAME, NAMESPACE, CONTAINER_NAME)) {
      f = f.name(optional).type().optional().stringType();
    }
    f = f.name(QOS_CLASS).type().stringType().noDefault();
    f = f.name(NODE_NAME).type().stringType().noDefault();
    for (Metric m : CATALOGUE) {
      // No per-field doc: this schema is stored in every file's footer (parquet.avro.schema), and field docs were
      // half of its 8 KB, ~0.03 B per stored value of a one-minute file; the catalogue and SCHEMA.md say the units.
      if (m.decimals() == Metric.FLOATING) {
        f = f.name(column(m)).type().optional().doubleType();
      } else {
        f = f.name(column(m)).prop(DECIMALS_PROPERTY, m.decimals()).type().optional().longType();
      }
    }
    return f.endRecord();
  }
}
