package io.fgm.flink.testing;

import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.fgm.schema.Finding;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

/** Reads a local Parquet store back the way the query service does: committed files only, as generic records. */
public final class StoreReader {
  private StoreReader() {}

  /** One stored row, with the partition directory it was found in (relative to the store root). */
  public record Row(String partition, long time, String metric, double value, String containerId, String node,
      String qos, String podName, String namespace, String containerName) {}

  /**
   * Every file under {@code root}, committed or not, outside '_' directories (such as {@code _checkpoints}, which
   * are not even entered: Flink deletes old checkpoints concurrently) and outside the findings tier, which the job
   * puts inside the store when the raw tier is the store's root.
   */
  public static List<Path> allFiles(Path root) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          boolean skip = !dir.equals(root)
              && (name.startsWith("_") || (dir.getParent().equals(root) && name.equals(Finding.STORE_DIR)));
          return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            files.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // removed while we walked (an in-progress file committed meanwhile)
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  /** Committed data files: names not starting with '.' or '_'. */
  public static List<Path> committedFiles(Path root) {
    return allFiles(root).stream()
        .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
        .toList();
  }

  /**
   * Every stored metric value of the raw tier under {@code root} as one long-form {@link Row} (one per non-null
   * metric cell of each wide row, {@link SampleRows}), so that tests can check each (container, metric, time).
   */
  public static List<Row> rows(Path root) {
    List<Row> rows = new ArrayList<>();
    for (Path f : committedFiles(root)) {
      String partition = root.relativize(f.getParent()).toString();
      for (GenericRecord g : records(f)) {
        for (Metric m : Metric.values()) {
          Object v = g.get(SampleRows.column(m));
          if (v != null) {
            rows.add(
                new Row(
                    partition,
                    (Long) g.get(SampleRows.TIME),
                    m.key(),
                    metricValue(g, SampleRows.column(m)),
                    g.get(SampleRows.CONTAINER_ID).toString(),
                    g.get(SampleRows.NODE_NAME).toString(),
                    g.get(SampleRows.QOS_CLASS).toString(),
                    str(g.get(SampleRows.POD_NAME)),
                    str(g.get(SampleRows.NAMESPACE)),
                    str(g.get(SampleRows.CONTAINER_NAME))));
          }
        }
      }
    }
    return rows;
  }

  /** The wide rows of the raw tier under {@code root} (one per stored sample), as generic records. */
  public static List<GenericRecord> sampleRows(Path root) {
    List<GenericRecord> out = new ArrayList<>();
    for (Path f : committedFiles(root)) {
      out.addAll(records(f));
    }
    return out;
  }

  /** All records of one Parquet file, as generic records of the file's own schema. */
  public static List<GenericRecord> records(Path file) {
    List<GenericRecord> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> r =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).withDataModel(GenericData.get()).build()) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        out.add(g);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
    return out;
  }

  /**
   * The value of metric column {@code column} of a raw-tier record as a double (null when absent): the stored long
   * scaled back by the column's {@code fgm.decimals}, or the stored double.
   */
  public static Double metricValue(GenericRecord r, String column) {
    Object v = r.get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof Double d) {
      return d;
    }
    Object decimals = r.getSchema().getField(column).getObjectProp(io.fgm.schema.SampleRows.DECIMALS_PROPERTY);
    return io.fgm.schema.SampleRows.fromStored((Long) v, ((Number) decimals).intValue());
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  public static ParquetMetadata footer(Path file) {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      return r.getFooter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
