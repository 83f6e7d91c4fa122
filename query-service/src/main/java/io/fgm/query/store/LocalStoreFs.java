package io.fgm.query.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/** A store in a local directory (or a mounted volume). */
public final class LocalStoreFs implements StoreFs {
  public static final LocalStoreFs INSTANCE = new LocalStoreFs();

  private LocalStoreFs() {}

  @Override
  public List<Entry> list(Path dir) {
    List<Entry> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // removed between listing and stat: compaction
        }
        out.add(new Entry(p, a.isDirectory(), a.size(), a.lastModifiedTime().toMillis()));
      }
    } catch (NoSuchFileException e) {
      return out; // a partition compacted away or a store not written yet
    } catch (IOException e) {
      if (!Files.exists(dir)) {
        return out;
      }
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  @Override
  public boolean isDirectory(Path dir) {
    return Files.isDirectory(dir);
  }

  @Override
  public InputFile open(Path file, long size) {
    return new LocalInputFile(file);
  }
}
