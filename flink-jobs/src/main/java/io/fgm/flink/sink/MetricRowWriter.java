package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.MetricRows;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes each {@link ContainerSample} as long-form rows ({@link MetricRows#SCHEMA}), one per metric value, into one
 * Parquet file of the FileSink, through {@link MetricRowWriteSupport}.
 *
 * <p>Samples travel through Flink whole and are flattened only here, at the file: one Flink record per sample
 * instead of one per value keeps the per-record cost of the job ~40 times lower. Metrics are written in catalogue
 * order ({@link Metric}), then any names the catalogue does not know, so that consecutive samples repeat the same
 * metric sequence (which compresses well). NaN values mean "not collected" and are not written.
 */
final class MetricRowWriter implements BulkWriter<ContainerSample> {
  private static final Metric[] CATALOGUE = Metric.values();

  /** Opens the Parquet writer; called on the first row only. */
  interface Opener {
    ParquetWriter<RowCursor> open() throws IOException;
  }

  private final Opener opener;
  private ParquetWriter<RowCursor> writer;
  private final RowCursor cursor = new RowCursor();
  private ContainerRef lastContainer;
  private String lastNode;

  MetricRowWriter(ParquetWriter<RowCursor> writer) {
    this.opener = null;
    this.writer = writer;
  }

  /**
   * A writer that opens its Parquet file on the first sample: until then nothing is written to the stream, and a
   * writer that gets no sample writes nothing at all. FileSink opens the compacted file through this writer and
   * finishes it after {@link SortedParquetCompactor} wrote the whole Parquet file to the stream itself.
   */
  MetricRowWriter(Opener opener) {
    this.opener = opener;
  }

  @Override
  public void addElement(ContainerSample s) throws IOException {
    if (writer == null) {
      writer = opener.open();
    }
    Map<String, Double> metrics = s.metrics();
    if (s.container() != lastContainer || !s.node().equals(lastNode)) { // compaction reuses one ref per container
      cursor.labels(s.container(), s.node());
      lastContainer = s.container();
      lastNode = s.node();
    }
    if (metrics.size() == 1) { // sorted rows from compaction: no need to walk the catalogue
      Map.Entry<String, Double> e = metrics.entrySet().iterator().next();
      write(s, e.getKey(), e.getValue());
      return;
    }
    int known = 0;
    for (Metric m : CATALOGUE) {
      Double v = metrics.get(m.key());
      if (v != null) {
        known++;
        write(s, m.key(), v);
      }
    }
    if (known < metrics.size()) {
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        if (Metric.byKey(e.getKey()).isEmpty()) {
          write(s, e.getKey(), e.getValue());
        }
      }
    }
  }

  private void write(ContainerSample s, String metric, double value) throws IOException {
    if (!Double.isNaN(value)) {
      writer.write(cursor.row(s.timestampMs(), metric, value));
    }
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
