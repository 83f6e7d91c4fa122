package io.fgm.flink.bench;

import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The benchmark's own exactly-once check of a finished run: every (node, container, second) the fleet produced must
 * be in the committed raw tier exactly once. Prints what is missing or doubled (which containers, which seconds,
 * which files the partition holds), so that a short count is explained by data rather than guessed at.
 */
final class CommittedSamples {
  private static final int MAX_REPORTED = 20;

  private CommittedSamples() {}

  /**
   * Checks the committed files under {@code raw} against {@code containers} series of {@code seconds} samples each,
   * the first at {@code startMs}. Returns true when each sample is there exactly once; prints a WARNING otherwise.
   */
  static boolean check(Path raw, int containers, int seconds, long startMs, String label) throws IOException {
    Map<String, BitSet> seen = new TreeMap<>();
    Map<String, List<String>> filesByPartition = new TreeMap<>();
    long duplicates = 0;
    long outOfRange = 0;
    List<String> hidden = new ArrayList<>();
    List<String> duplicateExamples = new ArrayList<>();
    for (Path f : dataFiles(raw)) {
      String rel = raw.relativize(f).toString();
      String partition = f.getParent() == null ? "" : raw.relativize(f.getParent()).toString();
      if (f.getFileName().toString().startsWith(".")) {
        hidden.add(rel + " (" + Files.size(f) + " B)");
        continue;
      }
      long rows = 0;
      try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
        MessageType schema = r.getFooter().getFileMetaData().getSchema();
        String createdBy = r.getFooter().getFileMetaData().getCreatedBy();
        for (PageReadStore g = r.readNextRowGroup(); g != null; g = r.readNextRowGroup()) {
          ColumnReadStoreImpl store =
              new ColumnReadStoreImpl(g, new DummyRecordConverter(schema).getRootConverter(), schema, createdBy);
          ColumnReader time = column(store, schema, SampleRows.TIME);
          ColumnReader node = column(store, schema, SampleRows.NODE_NAME);
          ColumnReader id = column(store, schema, SampleRows.CONTAINER_ID);
          for (long i = 0; i < g.getRowCount(); i++) {
            String key = node.getBinary().toStringUsingUTF8() + "/" + id.getBinary().toStringUsingUTF8();
            long t = time.getLong();
            time.consume();
            node.consume();
            id.consume();
            rows++;
            long second = (t - startMs) / 1000;
            if (second < 0 || second >= seconds || (t - startMs) % 1000 != 0) {
              outOfRange++;
              continue;
            }
            BitSet s = seen.computeIfAbsent(key, k -> new BitSet(seconds));
            if (s.get((int) second)) {
              duplicates++;
              if (duplicateExamples.size() < MAX_REPORTED) {
                duplicateExamples.add(key + " second " + second + " in " + rel);
              }
            }
            s.set((int) second);
          }
        }
      }
      filesByPartition.computeIfAbsent(partition, k -> new ArrayList<>()).add(f.getFileName() + " (" + rows + " rows)");
    }
    long missing = (long) (containers - seen.size()) * seconds;
    List<String> gaps = new ArrayList<>();
    for (Map.Entry<String, BitSet> e : seen.entrySet()) {
      int present = e.getValue().cardinality();
      if (present < seconds) {
        missing += seconds - present;
        if (gaps.size() < MAX_REPORTED) {
          gaps.add(e.getKey() + " lacks seconds " + ranges(e.getValue(), seconds));
        }
      }
    }
    boolean complete = missing == 0 && duplicates == 0 && outOfRange == 0 && seen.size() == containers;
    if (complete) {
      System.out.printf("%scheck: all %,d samples committed exactly once%n", label, (long) containers * seconds);
      return true;
    }
    System.out.printf("%sWARNING: committed raw tier is not exact: %,d samples missing, %,d doubled, %,d outside the "
        + "run, %,d of %,d containers seen%n", label, missing, duplicates, outOfRange, seen.size(), containers);
    gaps.forEach(g -> System.out.println(label + "  missing: " + g));
    duplicateExamples.forEach(d -> System.out.println(label + "  doubled: " + d));
    hidden.forEach(h -> System.out.println(label + "  hidden file left: " + h));
    for (String g : gaps) {
      String node = g.substring(0, g.indexOf('/'));
      filesByPartition.forEach((partition, files) -> {
        if (partition.endsWith("node=" + node)) {
          System.out.println(label + "  files of " + partition + ": " + files);
        }
      });
    }
    return false;
  }

  /** Regular files under {@code raw}, sorted, outside {@code _}-directories (checkpoints, still being cleaned up). */
  static List<Path> dataFiles(Path raw) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(raw, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.getFileName().toString().startsWith("_") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null);
    return files;
  }

  /** The clear bits of {@code present} below {@code n} as ranges, e.g. "[170..179]". */
  private static String ranges(BitSet present, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = present.nextClearBit(0); i < n; ) {
      int end = Math.min(present.nextSetBit(i) < 0 ? n : present.nextSetBit(i), n);
      b.append(b.length() == 0 ? "" : ", ").append('[').append(i).append("..").append(end - 1).append(']');
      i = present.nextClearBit(end);
    }
    return b.toString();
  }

  private static ColumnReader column(ColumnReadStoreImpl store, MessageType schema, String name) {
    return store.getColumnReader(schema.getColumnDescription(new String[] {name}));
  }
}
