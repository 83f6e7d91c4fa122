package io.fgm.query.store;

import io.fgm.query.ContainerInfo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata index saved to a local file, so that a restart does not summarize every file again: start-up then
 * costs one sequential read, whatever the number of data files. Each entry carries the file's size and
 * modification time; {@link MetadataIndex} uses an entry only while the file still has that version, so a stale
 * snapshot costs re-summarizing, never a wrong answer. Written to a temporary file and moved into place, so a crash
 * leaves the previous snapshot.
 */
public final class IndexSnapshot {
  /**
   * 2: raw-tier summaries of wide SampleRow files (1 was the long-form layout's; a file summarized under 1 might be
   * an old long-form file that the wide reader must skip, so a version-1 snapshot is ignored and everything is
   * summarized again once).
   */
  private static final int FORMAT = 2;

  private IndexSnapshot() {}

  /** Writes the readable {@code summaries} to {@code target}. */
  public static void save(Path target, Collection<FileSummary> summaries) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + ".", ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(FORMAT);
      List<FileSummary> readable = summaries.stream().filter(FileSummary::readable).toList();
      out.writeInt(readable.size());
      for (FileSummary f : readable) {
        out.writeUTF(f.file().toString());
        out.writeLong(f.sizeBytes());
        out.writeLong(f.modifiedMs());
        out.writeLong(f.rows());
        out.writeInt(f.containers().size());
        for (ContainerInfo c : f.containers().values()) {
          out.writeUTF(c.containerId());
          for (String label : new String[] {c.podUid(), c.podName(), c.namespace(), c.containerName(), c.qos(),
              c.node()}) {
            out.writeBoolean(label != null);
            if (label != null) {
              out.writeUTF(label);
            }
          }
          out.writeInt(c.metrics().size());
          for (String m : c.metrics()) {
            out.writeUTF(m);
          }
          out.writeLong(c.firstSeenMs());
          out.writeLong(c.lastSeenMs());
        }
      }
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The summaries in {@code source} by file; empty when it does not exist or has another format. */
  public static Map<Path, FileSummary> load(Path source) throws IOException {
    Map<Path, FileSummary> out = new HashMap<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source)))) {
      if (in.readInt() != FORMAT) {
        return out;
      }
      int files = in.readInt();
      for (int i = 0; i < files; i++) {
        Path file = Path.of(in.readUTF());
        long size = in.readLong();
        long modified = in.readLong();
        long rows = in.readLong();
        int n = in.readInt();
        Map<String, ContainerInfo> containers = new HashMap<>();
        for (int j = 0; j < n; j++) {
          String id = in.readUTF();
          String[] labels = new String[6];
          for (int k = 0; k < 6; k++) {
            labels[k] = in.readBoolean() ? in.readUTF() : null;
          }
          int m = in.readInt();
          List<String> metrics = new ArrayList<>(m);
          for (int k = 0; k < m; k++) {
            metrics.add(in.readUTF());
          }
          containers.put(id, new ContainerInfo(id, labels[0], labels[1], labels[2], labels[3], labels[4], labels[5],
              metrics, in.readLong(), in.readLong()));
        }
        out.put(file, new FileSummary(file, size, modified, rows, containers, true));
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    return out;
  }
}
