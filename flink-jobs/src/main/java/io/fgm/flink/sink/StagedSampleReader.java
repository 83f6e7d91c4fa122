package io.fgm.flink.sink;

import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads raw-tier Parquet files column by column with Parquet's column readers straight into a
 * {@link SampleRowBuffer}: no record assembly and no Avro {@code GenericRecord} per row. The compactor needs it for
 * the Parquet staging files written before 2026-11-25 (since then staging files are {@link StagingRows}) that a job
 * restored from an older checkpoint still finds pending; it works on any raw-tier Parquet file, whatever its
 * encoding; a metric column the file lacks (written before the catalogue had it) reads as null.
 */
final class StagedSampleReader {
  private static final String[] LABELS = SampleRows.LABEL_COLUMNS.toArray(new String[0]);
  private static final Metric[] CATALOGUE = Metric.values();

  private StagedSampleReader() {}

  /** Appends every row of {@code path} to {@code rows}. */
  static void readInto(Path path, SampleRowBuffer rows) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new FlinkInputFile(path),
        HadoopReadOptions.builder(ParquetSettings.hadoopConf()).build())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      Binary[] labels = new Binary[LABELS.length];
      for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
        ColumnReadStoreImpl store =
            new ColumnReadStoreImpl(group, new DummyRecordConverter(schema).getRootConverter(), schema, createdBy);
        int n = Math.toIntExact(group.getRowCount());
        int first = rows.reserve(n);
        ColumnReader time = column(store, schema, SampleRows.TIME);
        for (int r = first; r < first + n; r++) {
          rows.time(r, time.getLong());
          time.consume();
        }
        // The labels row by row: a label set is one key.
        ColumnReader[] label = new ColumnReader[LABELS.length];
        for (int i = 0; i < LABELS.length; i++) {
          label[i] = column(store, schema, LABELS[i]);
        }
        for (int r = first; r < first + n; r++) {
          boolean same = r > first;
          for (int i = 0; i < label.length; i++) {
            ColumnReader c = label[i];
            Binary b = c.getCurrentDefinitionLevel() == c.getDescriptor().getMaxDefinitionLevel() ? c.getBinary() : null;
            c.consume();
            same &= b == null ? labels[i] == null : b.equals(labels[i]);
            labels[i] = b;
          }
          // Staging files hold rows in arrival order; consecutive rows of one container are common only in
          // compacted input, so the lookup is skipped only then.
          rows.labelSet(r, same ? rows.labelSetOf(r - 1) : rows.labelSetId(labels));
        }
        // Each metric column whole, one after the other.
        for (Metric m : CATALOGUE) {
          String name = SampleRows.column(m);
          if (!schema.containsPath(new String[] {name})) {
            continue;
          }
          ColumnReader c = column(store, schema, name);
          int max = c.getDescriptor().getMaxDefinitionLevel();
          int ordinal = m.ordinal();
          int decimals = storedDecimals(c.getDescriptor().getPrimitiveType());
          for (int r = first; r < first + n; r++) {
            if (c.getCurrentDefinitionLevel() == max) {
              rows.value(ordinal, r,
                  decimals == Metric.FLOATING ? c.getDouble() : SampleRows.fromStored(c.getLong(), decimals));
            }
            c.consume();
          }
        }
      }
    }
  }

  /** How a metric column of this file stores its values ({@link SampleRows#storedDecimals}). */
  static int storedDecimals(PrimitiveType t) {
    if (t.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.DOUBLE
        && t.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.INT64) {
      throw new IllegalArgumentException("metric column " + t.getName() + " is " + t.getPrimitiveTypeName()
          + ", not DOUBLE or INT64: not a raw-tier file of fgm");
    }
    return SampleRows.storedDecimals(t.getName(), t.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE,
        t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
            ? d.getScale() : null);
  }

  private static ColumnReader column(ColumnReadStoreImpl store, MessageType schema, String name) {
    return store.getColumnReader(schema.getColumnDescription(new String[] {name}));
  }
}
