package io.fgm.flink.sink;

import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.MetricRows;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes each {@link ContainerSample} as long-form rows ({@link MetricRows#row}), one per metric value, into one
 * Parquet file of the FileSink.
 *
 * <p>Samples travel through Flink whole and are flattened only here, at the file: one Flink record per sample
 * instead of one per value keeps the per-record cost of the job ~40 times lower. Metrics are written in catalogue
 * order ({@link Metric}), then any names the catalogue does not know, so that consecutive samples repeat the same
 * metric sequence (which compresses well). NaN values mean "not collected" and are not written.
 */
final class MetricRowWriter implements BulkWriter<ContainerSample> {
  private static final Metric[] CATALOGUE = Metric.values();

  private final ParquetWriter<GenericRecord> writer;

  MetricRowWriter(ParquetWriter<GenericRecord> writer) {
    this.writer = writer;
  }

  @Override
  public void addElement(ContainerSample s) throws IOException {
    Map<String, Double> metrics = s.metrics();
    if (metrics.size() == 1) { // rows read back for compaction: no need to walk the catalogue
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
      writer.write(MetricRows.row(s.timestampMs(), metric, value, s.node(), s.container()));
    }
  }

  @Override
  public void flush() {
    // Parquet can only flush whole row groups; the file is completed in finish() at the checkpoint.
  }

  @Override
  public void finish() throws IOException {
    writer.close();
  }
}
