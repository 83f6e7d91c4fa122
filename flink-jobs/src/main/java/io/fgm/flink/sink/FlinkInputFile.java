package io.fgm.flink.sink;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over any Flink file system ({@code file://}, {@code s3://}), for compaction. */
final class FlinkInputFile implements InputFile {
  private final Path path;
  private final FileSystem fs;
  private final long length;

  FlinkInputFile(Path path) throws IOException {
    this.path = path;
    this.fs = path.getFileSystem();
    this.length = fs.getFileStatus(path).getLen();
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    FSDataInputStream in = fs.open(path);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }
    };
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
