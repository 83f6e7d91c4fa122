package io.fgm.flink.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.flink.connector.file.sink.compactor.OutputStreamBasedFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * FileSink compactor of the raw tier that writes the compacted Parquet file itself, with the final encoding
 * ({@link ParquetSettings}), while the files it compacts were written cheaply
 * ({@link ParquetSettings#openStagingSamples}): the rows of all of a partition's pending files are read column by
 * column ({@link StagedSampleReader}), sorted by (container id, node, time) and written once.
 *
 * <p>FileSink opens the compacted file through the sink's bulk writer and finishes that writer after this
 * compactor wrote to the stream; {@link SampleRowWriter} opens its Parquet writer only on its first row, so it adds
 * nothing to the stream.
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
      StagedSampleReader.readInto(in, rows);
    }
    try (ParquetWriter<SampleRow> writer = settings.openSamples(new StreamOutputFile(out))) {
      rows.forEachSorted(new SampleRow(), writer::write);
    }
  }

  /** A Parquet {@link OutputFile} over a fresh stream (position counted from 0); closing leaves it to FileSink. */
  private static final class StreamOutputFile implements OutputFile {
    private final OutputStream out;

    StreamOutputFile(OutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
