package io.fgm.flink.tiers;

import java.io.BufferedOutputStream;
import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetBulkWriter;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * flink-parquet's {@link ParquetWriterFactory} with a buffer between Parquet and the FileSink's stream. Why: Parquet
 * writes its footer (thrift) and page headers a byte or a few at a time, and Flink's local recoverable stream passes
 * every write straight to a {@code FileChannel}, one system call each; serializing footers was 9.5 % of the
 * rates/rollups/findings thread in a JFR profile (2026-11-25), most of it {@code FileChannel.write} of single bytes.
 * The buffer is flushed when Parquet closes the file (the bulk writer's {@code finish}, before Flink closes the part
 * file for commit), so nothing stays behind it at a checkpoint. flink-parquet's own adapter is package-private, hence
 * this one.
 */
public class BufferedParquetWriterFactory<T> extends ParquetWriterFactory<T> {
  private static final long serialVersionUID = 1L;
  /** Large writes (pages) go past the buffer anyway; this only has to batch the small ones. */
  static final int BUFFER_BYTES = 8192;

  private final ParquetBuilder<T> builder;

  public BufferedParquetWriterFactory(ParquetBuilder<T> builder) {
    super(builder);
    this.builder = builder;
  }

  @Override
  public BulkWriter<T> create(FSDataOutputStream stream) throws IOException {
    return new ParquetBulkWriter<>(builder.createWriter(new BufferedOutputFile(stream)));
  }

  /** A Parquet output file over a stream Flink owns: positions from where the stream stood; close only flushes. */
  static final class BufferedOutputFile implements OutputFile {
    private final FSDataOutputStream out;

    BufferedOutputFile(FSDataOutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      long start = out.getPos();
      BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
      return new PositionOutputStream() {
        private long pos = start;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          buffered.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          buffered.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          buffered.flush();
        }

        @Override
        public void close() throws IOException {
          buffered.flush(); // Flink closes (and commits) the stream itself
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
}
