package io.fgm.flink.sink;

import io.fgm.schema.MetricRows;
import java.io.IOException;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Reads raw-tier files column by column with Parquet's column readers straight into a {@link RowBuffer}: no record
 * assembly and no Avro {@code GenericRecord} per row (which cost most of the compaction's CPU before). Works on any
 * raw-tier file, whatever its encoding (staging or final).
 */
final class StagedRowReader {
  private static final String[] LABELS = {
    MetricRows.CONTAINER_ID, MetricRows.NODE_NAME, MetricRows.POD_UID, MetricRows.POD_NAME, MetricRows.NAMESPACE,
    MetricRows.CONTAINER_NAME, MetricRows.QOS_CLASS
  };

  private StagedRowReader() {}

  /** Appends every row of {@code path} to {@code rows}. */
  static void readInto(Path path, RowBuffer rows) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new FlinkInputFile(path),
        HadoopReadOptions.builder(ParquetSettings.hadoopConf()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      Binary[] labels = new Binary[LABELS.length];
      for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
        ColumnReadStoreImpl store =
            new ColumnReadStoreImpl(group, new DummyRecordConverter(schema).getRootConverter(), schema, createdBy);
        ColumnReader time = column(store, schema, MetricRows.TIME);
        ColumnReader metric = column(store, schema, MetricRows.METRIC_NAME);
        ColumnReader value = column(store, schema, MetricRows.VALUE);
        ColumnReader[] label = new ColumnReader[LABELS.length];
        for (int i = 0; i < LABELS.length; i++) {
          label[i] = column(store, schema, LABELS[i]);
        }
        for (long row = group.getRowCount(); row > 0; row--) {
          long t = time.getLong();
          time.consume();
          Binary m = metric.getBinary();
          metric.consume();
          double v = value.getDouble();
          value.consume();
          for (int i = 0; i < label.length; i++) {
            ColumnReader c = label[i];
            labels[i] = c.getCurrentDefinitionLevel() == c.getDescriptor().getMaxDefinitionLevel()
                ? c.getBinary() : null;
            c.consume();
          }
          rows.add(t, m, v, labels);
        }
      }
    }
  }

  private static ColumnReader column(ColumnReadStoreImpl store, MessageType schema, String name) {
    return store.getColumnReader(schema.getColumnDescription(new String[] {name}));
  }
}
