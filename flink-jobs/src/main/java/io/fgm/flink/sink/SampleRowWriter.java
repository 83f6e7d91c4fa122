package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes each {@link ContainerSample} as one wide row ({@link SampleRows#SCHEMA}) into one Parquet file of the
 * FileSink, through {@link SampleRowWriteSupport}. A metric absent from the sample or NaN is null. Metrics the
 * catalogue does not know have no column and are left out here; the rates operator counts and logs them
 * ({@code unknownMetricValues}, {@link io.fgm.flink.rates.UnknownMetrics}), since a bulk writer has no metric group.
 */
final class SampleRowWriter implements BulkWriter<ContainerSample> {
  /** Opens the Parquet writer; called on the first sample only. */
  interface Opener {
    ParquetWriter<SampleRow> open() throws IOException;
  }

  private final Opener opener;
  private ParquetWriter<SampleRow> writer;
  private final SampleRow row = new SampleRow();
  private ContainerRef lastContainer;
  private String lastNode;

  SampleRowWriter(ParquetWriter<SampleRow> writer) {
    this.opener = null;
    this.writer = writer;
  }

  /**
   * A writer that opens its Parquet file on the first sample: until then nothing is written to the stream, and a
   * writer that gets no sample writes nothing at all. FileSink opens the compacted file through this writer and
   * finishes it after {@link SampleRowCompactor} wrote the whole Parquet file to the stream itself.
   */
  SampleRowWriter(Opener opener) {
    this.opener = opener;
  }

  @Override
  public void addElement(ContainerSample s) throws IOException {
    if (writer == null) {
      writer = opener.open();
    }
    if (s.container() != lastContainer || !s.node().equals(lastNode)) {
      row.labels(s.container(), s.node());
      lastContainer = s.container();
      lastNode = s.node();
    }
    row.timeMs = s.timestampMs();
    SampleRows.valuesInto(s.metrics(), row.values);
    writer.write(row);
  }

  @Override
  public void flush() {
    // Parquet can only flush whole row groups; the file is completed in finish() at the checkpoint.
  }

  @Override
  public void finish() throws IOException {
    if (writer != null) {
      writer.close();
    }
  }
}
