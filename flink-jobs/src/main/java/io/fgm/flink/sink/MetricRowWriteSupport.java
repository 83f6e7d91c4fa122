package io.fgm.flink.sink;

import io.fgm.schema.MetricRows;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link RowCursor}s straight into Parquet's record consumer. The file is exactly what parquet-avro writes
 * for {@link MetricRows#SCHEMA}: the same Parquet schema (converted from the Avro one) and the same footer keys
 * ({@code parquet.avro.schema}, {@code writer.model.name=avro}), so Avro and plain Parquet readers see no
 * difference. Why not parquet-avro's own write support: it resolves every field of every row through Avro's
 * generic data model, which cost most of the job's CPU per stored value.
 */
final class MetricRowWriteSupport extends WriteSupport<RowCursor> {
  static final MessageType PARQUET_SCHEMA = new AvroSchemaConverter().convert(MetricRows.SCHEMA);
  private static final Map<String, String> FOOTER =
      Map.of("parquet.avro.schema", MetricRows.SCHEMA.toString(), "writer.model.name", "avro");

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
  public void write(RowCursor r) {
    out.startMessage();
    out.startField(MetricRows.TIME, 0);
    out.addLong(r.timeMs);
    out.endField(MetricRows.TIME, 0);
    out.startField(MetricRows.METRIC_NAME, 1);
    out.addBinary(r.metric);
    out.endField(MetricRows.METRIC_NAME, 1);
    out.startField(MetricRows.VALUE, 2);
    out.addDouble(r.value);
    out.endField(MetricRows.VALUE, 2);
    out.startField(MetricRows.CONTAINER_ID, 3);
    out.addBinary(r.containerId);
    out.endField(MetricRows.CONTAINER_ID, 3);
    optional(MetricRows.POD_UID, 4, r.podUid);
    optional(MetricRows.POD_NAME, 5, r.podName);
    optional(MetricRows.NAMESPACE, 6, r.namespace);
    optional(MetricRows.CONTAINER_NAME, 7, r.containerName);
    out.startField(MetricRows.QOS_CLASS, 8);
    out.addBinary(r.qos);
    out.endField(MetricRows.QOS_CLASS, 8);
    out.startField(MetricRows.NODE_NAME, 9);
    out.addBinary(r.node);
    out.endField(MetricRows.NODE_NAME, 9);
    out.endMessage();
  }

  private void optional(String field, int index, org.apache.parquet.io.api.Binary v) {
    if (v != null) {
      out.startField(field, index);
      out.addBinary(v);
      out.endField(field, index);
    }
  }

  /** A {@link ParquetWriter} builder of metric rows. */
  static final class Builder extends ParquetWriter.Builder<RowCursor, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<RowCursor> getWriteSupport(Configuration conf) {
      return new MetricRowWriteSupport();
    }
  }
}
