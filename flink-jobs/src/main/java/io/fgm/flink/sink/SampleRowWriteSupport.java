package io.fgm.flink.sink;

import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link SampleRow}s straight into Parquet's record consumer. The file is what parquet-avro writes for
 * {@link SampleRows#SCHEMA} (the Parquet schema converted from the Avro one, the same footer keys
 * {@code parquet.avro.schema} and {@code writer.model.name=avro}), plus {@code DECIMAL} annotations on the scaled
 * integer metric columns ({@link #withDecimalAnnotations}); an Avro reader sees the stored integers. Why not parquet-avro's own write support: it resolves every field of every row through Avro's
 * generic data model and would need a {@code GenericRecord} per row.
 */
final class SampleRowWriteSupport extends WriteSupport<SampleRow> {
  static final MessageType PARQUET_SCHEMA = withDecimalAnnotations(new AvroSchemaConverter().convert(SampleRows.SCHEMA));
  private static final Logger LOG = LoggerFactory.getLogger(SampleRowWriteSupport.class);
  /** Values a metric's column could not hold ({@link SampleRows#toStored}), written as null; JVM-wide. */
  static final AtomicLong UNREPRESENTABLE_VALUES = new AtomicLong();
  private static final AtomicLong lastWarningMs = new AtomicLong(Long.MIN_VALUE / 2);
  private static final Map<String, String> FOOTER =
      Map.of("parquet.avro.schema", SampleRows.SCHEMA.toString(), "writer.model.name", "avro");
  private static final String[] LABEL_FIELDS = SampleRows.LABEL_COLUMNS.toArray(new String[0]);
  private static final String[] METRIC_FIELDS = SampleRows.metricColumns().toArray(new String[0]);
  /** {@link Metric#decimals()} by catalogue ordinal. */
  private static final int[] DECIMALS = Arrays.stream(Metric.values()).mapToInt(Metric::decimals).toArray();

  static {
    // The field indexes below are positions in this schema: time, the labels, then the catalogue's metrics.
    List<org.apache.avro.Schema.Field> f = SampleRows.SCHEMA.getFields();
    if (!f.get(0).name().equals(SampleRows.TIME) || f.size() != 1 + LABEL_FIELDS.length + METRIC_FIELDS.length
        || SampleRows.FIRST_METRIC_FIELD != 1 + LABEL_FIELDS.length) {
      throw new IllegalStateException("unexpected SampleRows schema layout");
    }
  }

  private RecordConsumer out;

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(PARQUET_SCHEMA, FOOTER);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    out = recordConsumer;
  }

  @Override
  public void write(SampleRow r) {
    out.startMessage();
    out.startField(SampleRows.TIME, 0);
    out.addLong(r.timeMs);
    out.endField(SampleRows.TIME, 0);
    for (int i = 0; i < LABEL_FIELDS.length; i++) {
      Binary v = r.labels[i];
      if (v != null) { // required labels are never null (ContainerRef and the node are checked upstream)
        out.startField(LABEL_FIELDS[i], 1 + i);
        out.addBinary(v);
        out.endField(LABEL_FIELDS[i], 1 + i);
      }
    }
    double[] values = r.values;
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (Double.isNaN(v)) {
        continue;
      }
      int field = SampleRows.FIRST_METRIC_FIELD + i;
      int decimals = DECIMALS[i];
      if (decimals == Metric.FLOATING) {
        out.startField(METRIC_FIELDS[i], field);
        out.addDouble(v);
        out.endField(METRIC_FIELDS[i], field);
        continue;
      }
      long stored = SampleRows.toStored(v, decimals);
      if (stored == SampleRows.UNREPRESENTABLE) {
        unrepresentable(Metric.values()[i].key(), decimals, v);
        continue;
      }
      out.startField(METRIC_FIELDS[i], field);
      out.addLong(stored);
      out.endField(METRIC_FIELDS[i], field);
    }
    out.endMessage();
  }

  /**
   * An infinite value or one too large for its column's resolution (no kernel counter or rate comes near 2^53 after
   * scaling): stored as null, counted and logged at most once a minute, the rest of the row written. Also called
   * by the staging writer ({@link StagingRows.Writer}), which drops such values before the compactor sees them.
   */
  static void unrepresentable(String key, int decimals, double v) {
    long n = UNREPRESENTABLE_VALUES.incrementAndGet();
    long now = System.currentTimeMillis();
    long last = lastWarningMs.get();
    if (now - last >= 60_000 && lastWarningMs.compareAndSet(last, now)) {
      LOG.warn("{} = {} does not fit its column ({} decimals, at most 2^53 after scaling): stored as null "
          + "({} such values so far)", key, v, decimals, n);
    }
  }

  /**
   * The Parquet schema parquet-avro derives from {@link SampleRows#SCHEMA}, with each integer metric column of
   * d &gt; 0 decimals annotated {@code DECIMAL(18, d)}: a reader that knows nothing of fgm (DuckDB, Spark, pandas)
   * then sees the values, not the scaled integers.
   */
  static MessageType withDecimalAnnotations(MessageType avroDerived) {
    List<Type> fields = new java.util.ArrayList<>();
    for (Type t : avroDerived.getFields()) {
      int decimals = SampleRows.metricOf(t.getName()).map(Metric::decimals).orElse(Metric.FLOATING);
      if (decimals > 0) {
        PrimitiveType p = t.asPrimitiveType();
        t = Types.primitive(p.getPrimitiveTypeName(), p.getRepetition())
            .as(LogicalTypeAnnotation.decimalType(decimals, 18))
            .named(p.getName());
      }
      fields.add(t);
    }
    return new MessageType(avroDerived.getName(), fields);
  }

  /** A {@link ParquetWriter} builder of sample rows. */
  static final class Builder extends ParquetWriter.Builder<SampleRow, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<SampleRow> getWriteSupport(Configuration conf) {
      return new SampleRowWriteSupport();
    }
  }
}
