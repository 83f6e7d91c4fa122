package io.fgm.query.store;

import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.io.InputFile;

/**
 * Where the store's files are: a local directory ({@link LocalStoreFs}) or an S3-compatible bucket
 * ({@link S3StoreFs}). Locations are {@link Path}s in both cases: for S3 they are virtual, {@code /<key>} of the
 * object, and only this interface reads them (never {@code java.nio.file.Files}). The rest of the query service
 * (the metadata index, the caches, the snapshot) only compares and resolves them.
 */
public interface StoreFs {
  /** One directory entry: a sub-directory (an S3 common prefix) or a file (an object) with its version. */
  record Entry(Path path, boolean directory, long size, long modifiedMs) {
    public String name() {
      return path.getFileName().toString();
    }
  }

  /** The entries directly under {@code dir}; a missing directory is empty, not an error. */
  List<Entry> list(Path dir);

  /** True when {@code dir} exists and holds something. */
  boolean isDirectory(Path dir);

  /** The file for Parquet's reader; {@code size} is the one listed (saves a stat or a HEAD). */
  InputFile open(Path file, long size);

  /** What {@code /api/health} shows for {@code path}. */
  default String describe(Path path) {
    return path.toString();
  }
}
