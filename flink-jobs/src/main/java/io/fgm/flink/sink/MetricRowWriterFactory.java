package io.fgm.flink.sink;

import io.fgm.schema.ContainerSample;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/** Creates a {@link MetricRowWriter} for each part file the FileSink opens. */
public final class MetricRowWriterFactory implements BulkWriter.Factory<ContainerSample> {
  private static final long serialVersionUID = 1L;

  private final ParquetSettings settings;

  public MetricRowWriterFactory(ParquetSettings settings) {
    this.settings = settings;
  }

  @Override
  public BulkWriter<ContainerSample> create(FSDataOutputStream out) throws java.io.IOException {
    return new MetricRowWriter(settings.openRows(new FlinkOutputFile(out)));
  }
}
