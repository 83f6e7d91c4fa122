package io.fgm.query.store;

import io.fgm.query.TimeRange;
import io.fgm.schema.PartitionPath;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the hive partitions ({@code dt=YYYY-MM-DD/node=<escaped node>}) and data files of one store tier.
 *
 * <p>Partitions are pruned by day from the requested range and by node with a predicate over the unescaped
 * node name, both decided from directory names only: nothing a client sends is ever turned into a path.
 * Files whose names start with '.' or '_' are in progress (Flink's FileSink) or metadata, and are skipped;
 * directories that do not look like partitions are ignored.
 */
public final class StoreLayout {
  private StoreLayout() {}

  /** One partition directory: its UTC day, its unescaped node name and where it is. */
  public record Partition(LocalDate day, String node, Path dir) {}

  /** As {@link #partitions(StoreFs, Path, TimeRange, Predicate)} in a local directory. */
  public static List<Partition> partitions(Path root, TimeRange range, Predicate<String> nodeFilter) {
    return partitions(LocalStoreFs.INSTANCE, root, range, nodeFilter);
  }

  /**
   * The partitions under {@code root} whose day intersects {@code range} and whose node passes
   * {@code nodeFilter}, ordered by day then node. A missing root means an empty store, not an error.
   */
  public static List<Partition> partitions(StoreFs fs, Path root, TimeRange range, Predicate<String> nodeFilter) {
    return partitions(fs, root, day(range.fromMs()), day(range.toMs()), nodeFilter);
  }

  private static List<Partition> partitions(StoreFs fs, Path root, LocalDate first, LocalDate last,
      Predicate<String> nodeFilter) {
    List<Partition> out = new ArrayList<>();
    for (StoreFs.Entry dayDir : fs.list(root)) {
      LocalDate day = parseDay(dayDir.name());
      if (day == null || day.isBefore(first) || day.isAfter(last) || !dayDir.directory()) {
        continue;
      }
      for (StoreFs.Entry nodeDir : fs.list(dayDir.path())) {
        String node = parseNode(nodeDir.name());
        if (node != null && nodeFilter.test(node) && nodeDir.directory()) {
          out.add(new Partition(day, node, nodeDir.path()));
        }
      }
    }
    out.sort(Comparator.comparing(Partition::day).thenComparing(Partition::node));
    return out;
  }

  /** Every partition under {@code root}, ordered by day then node (for {@link #select} from a cached list). */
  public static List<Partition> partitions(StoreFs fs, Path root) {
    return partitions(fs, root, LocalDate.MIN, LocalDate.MAX, n -> true);
  }

  /** The partitions of {@code all} whose day intersects {@code range} and whose node passes {@code nodeFilter}. */
  public static List<Partition> select(List<Partition> all, TimeRange range, Predicate<String> nodeFilter) {
    LocalDate first = day(range.fromMs());
    LocalDate last = day(range.toMs());
    List<Partition> out = new ArrayList<>();
    for (Partition p : all) {
      if (!p.day().isBefore(first) && !p.day().isAfter(last) && nodeFilter.test(p.node())) {
        out.add(p);
      }
    }
    return out;
  }

  /** The committed data files of one local partition: regular files not named {@code .*} or {@code _*}, sorted. */
  public static List<Path> dataFiles(Path partitionDir) {
    List<Path> files = new ArrayList<>();
    dataFiles(LocalStoreFs.INSTANCE, partitionDir).forEach(e -> files.add(e.path()));
    return files;
  }

  /** The committed data files of one partition with their versions, sorted by path. */
  public static List<StoreFs.Entry> dataFiles(StoreFs fs, Path partitionDir) {
    List<StoreFs.Entry> files = new ArrayList<>();
    for (StoreFs.Entry e : fs.list(partitionDir)) {
      if (!e.directory() && isDataFileName(e.name())) {
        files.add(e);
      }
    }
    files.sort(Comparator.comparing(StoreFs.Entry::path));
    return files;
  }

  /** False for hidden and in-progress files ({@code .part-…inprogress…}, {@code _SUCCESS}, {@code .crc}). */
  public static boolean isDataFileName(String name) {
    return !name.isEmpty() && name.charAt(0) != '.' && name.charAt(0) != '_';
  }

  static LocalDate parseDay(String dirName) {
    if (!dirName.startsWith("dt=")) {
      return null;
    }
    try {
      return LocalDate.parse(dirName.substring(3));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String parseNode(String dirName) {
    if (!dirName.startsWith("node=") || dirName.length() == 5) {
      return null;
    }
    try {
      return PartitionPath.unescape(dirName.substring(5));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return null; // a malformed %XX escape: not written by us
    }
  }

  static LocalDate day(long epochMs) {
    return java.time.Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
