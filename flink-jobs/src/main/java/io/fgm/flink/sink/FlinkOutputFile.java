package io.fgm.flink.sink;

import java.io.BufferedOutputStream;
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
 *
 * <p>Buffered: Parquet writes its footer (thrift) and page headers a byte or a few at a time, and Flink's local
 * recoverable stream passes every write straight to a {@code FileChannel}, one system call each (strace of one
 * benchmark run: 1.5 M {@code write(2)} calls on raw-tier part files, most of one byte; 2.8 of the operator thread's
 * 13 CPU-s in the kernel). The buffer is flushed when Parquet closes the file (the bulk writer's {@code finish},
 * before Flink closes the part file for commit), so nothing stays behind it at a checkpoint.
 */
final class FlinkOutputFile implements OutputFile {
  /** Large writes (pages) go past the buffer anyway; it only has to batch the small ones. */
  static final int BUFFER_BYTES = 8192;

  private final OutputStream out;

  FlinkOutputFile(OutputStream out) {
    this.out = out;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    long start = out instanceof FSDataOutputStream f ? f.getPos() : 0;
    OutputStream out = new BufferedOutputStream(this.out, BUFFER_BYTES);
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
        out.flush(); // Flink closes (and commits) the stream itself
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
