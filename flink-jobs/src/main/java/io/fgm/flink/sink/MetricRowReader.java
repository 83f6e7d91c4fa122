package io.fgm.flink.sink;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads a raw-tier Parquet file back as one single-metric {@link ContainerSample} per row, so that FileSink
 * compaction can feed the rows of many small files through {@link MetricRowWriter} into one file. Row order is
 * kept; the cgroup path and the sandbox flag are not stored and come back empty.
 */
final class MetricRowReader implements RecordWiseFileCompactor.Reader<ContainerSample> {
  private final ParquetReader<GenericRecord> reader;

  MetricRowReader(ParquetReader<GenericRecord> reader) {
    this.reader = reader;
  }

  @Override
  public ContainerSample read() throws IOException {
    GenericRecord r = reader.read();
    if (r == null) {
      return null;
    }
    ContainerRef ref =
        new ContainerRef(
            str(r.get(MetricRows.CONTAINER_ID)),
            str(r.get(MetricRows.POD_UID)),
            QosClass.parse(str(r.get(MetricRows.QOS_CLASS))),
            "",
            false,
            str(r.get(MetricRows.POD_NAME)),
            str(r.get(MetricRows.NAMESPACE)),
            str(r.get(MetricRows.CONTAINER_NAME)));
    return new ContainerSample(
        (Long) r.get(MetricRows.TIME),
        str(r.get(MetricRows.NODE_NAME)),
        ref,
        Map.of(str(r.get(MetricRows.METRIC_NAME)), (Double) r.get(MetricRows.VALUE)));
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /** Opens a {@link MetricRowReader} per file to compact. */
  static final class Factory implements RecordWiseFileCompactor.Reader.Factory<ContainerSample> {
    private static final long serialVersionUID = 1L;

    @Override
    public RecordWiseFileCompactor.Reader<ContainerSample> createFor(Path path) throws IOException {
      return new MetricRowReader(GenericRowReader.open(path));
    }
  }
}
