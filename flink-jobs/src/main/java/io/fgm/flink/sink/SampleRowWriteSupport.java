package io.fgm.flink.sink;

import io.fgm.schema.SampleRows;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link SampleRow}s straight into Parquet's record consumer. The file is exactly what parquet-avro writes
 * for {@link SampleRows#SCHEMA}: the same Parquet schema (converted from the Avro one) and the same footer keys
 * ({@code parquet.avro.schema}, {@code writer.model.name=avro}), so Avro and plain Parquet readers see no
 * difference. Why not parquet-avro's own write support: it resolves every field of every row through Avro's
 * generic data model and would need a {@code GenericRecord} per row.
 */
final class SampleRowWriteSupport extends WriteSupport<SampleRow> {
  static final MessageType PARQUET_SCHEMA = new AvroSchemaConverter().convert(SampleRows.SCHEMA);
  private static final Map<String, String> FOOTER =
      Map.of("parquet.avro.schema", SampleRows.SCHEMA.toString(), "writer.model.name", "avro");
  private static final String[] LABEL_FIELDS = SampleRows.LABEL_COLUMNS.toArray(new String[0]);
  private static final String[] METRIC_FIELDS = SampleRows.metricColumns().toArray(new String[0]);

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
      if (!Double.isNaN(v)) {
        int field = SampleRows.FIRST_METRIC_FIELD + i;
        out.startField(METRIC_FIELDS[i], field);
        out.addDouble(v);
        out.endField(METRIC_FIELDS[i], field);
      }
    }
    out.endMessage();
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
