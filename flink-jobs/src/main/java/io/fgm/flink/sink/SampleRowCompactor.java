package io.fgm.flink.sink;

import java.io.OutputStream;
import java.util.List;
import org.apache.flink.connector.file.sink.compactor.OutputStreamBasedFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * FileSink compactor of the raw tier that writes the compacted Parquet file itself, with the final encoding
 * ({@link ParquetSettings}), while the files it compacts were written cheaply in fgm's staging row format
 * ({@link StagingRows}; Parquet staging files of checkpoints taken before 2026-11-25 are read too,
 * {@link StagedSampleReader}, told apart by their magic bytes): the rows of all of a partition's pending files are
 * read into one {@link SampleRowBuffer}, sorted by (container id, node, time) and written once.
 *
 * <p>FileSink opens the compacted file through the sink's bulk writer and finishes that writer after this
 * compactor wrote to the stream; {@link StagingRows.Writer} writes nothing when it got no sample, so it adds nothing
 * to the stream.
 */
final class SampleRowCompactor extends OutputStreamBasedFileCompactor {
  private static final long serialVersionUID = 1L;

  private final ParquetSettings settings;

  SampleRowCompactor(ParquetSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void doCompact(List<Path> inputFiles, OutputStream out) throws Exception {
    SampleRowBuffer rows = new SampleRowBuffer();
    for (Path in : inputFiles) {
      StagingRows.readAnyInto(in, rows);
    }
    try (ParquetWriter<SampleRow> writer = settings.openSamples(new FlinkOutputFile(out))) {
      rows.forEachSorted(new SampleRow(), writer::write);
    }
  }
}
