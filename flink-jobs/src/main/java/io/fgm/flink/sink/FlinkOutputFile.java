package io.fgm.flink.sink;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over a stream the FileSink owns: the part file a bulk writer gets, or the compacted
 * file an {@code OutputStreamBasedFileCompactor} writes to (flink-parquet has such an adapter, but package-private).
 * The position is counted from where the stream stood when Parquet opened it. Closing the Parquet writer flushes the
 * stream and leaves closing (and committing) it to Flink.
 */
final class FlinkOutputFile implements OutputFile {
  private final OutputStream out;

  FlinkOutputFile(OutputStream out) {
    this.out = out;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    long start = out instanceof FSDataOutputStream f ? f.getPos() : 0;
    return new PositionOutputStream() {
      private long pos = start;

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
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
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
