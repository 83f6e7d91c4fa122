package io.fgm.flink.sink;

import io.fgm.schema.ContainerSample;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Creates the bulk writer of each part file the FileSink opens: a {@link SampleRowWriter} of final Parquet files
 * with the settings, or, when the files are only staged for {@link SampleRowCompactor}, a {@link StagingRows.Writer}
 * of fgm's staging row format.
 */
public final class SampleRowWriterFactory implements BulkWriter.Factory<ContainerSample> {
  private static final long serialVersionUID = 1L;

  private final ParquetSettings settings;
  private final boolean staging;

  public SampleRowWriterFactory(ParquetSettings settings) {
    this(settings, false);
  }

  SampleRowWriterFactory(ParquetSettings settings, boolean staging) {
    this.settings = settings;
    this.staging = staging;
  }

  @Override
  public BulkWriter<ContainerSample> create(FSDataOutputStream out) throws java.io.IOException {
    if (staging) {
      return new StagingRows.Writer(out);
    }
    FlinkOutputFile file = new FlinkOutputFile(out);
    return new SampleRowWriter(() -> settings.openSamples(file));
  }
}
