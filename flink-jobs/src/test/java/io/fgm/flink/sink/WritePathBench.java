package io.fgm.flink.sink;

import io.fgm.flink.bench.Fleet;
import io.fgm.schema.ContainerSample;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.util.ParameterTool;
import org.apache.parquet.io.LocalOutputFile;

/**
 * CPU time of the two raw-tier write paths without Kafka or Flink around them, interleaved: A writes the
 * pre-compaction files with the full encoding and compacts them through Avro records ({@link SortingRowCompactor});
 * B writes cheap staging files and compacts them column-wise ({@link SortedParquetCompactor}). One compaction unit
 * of {@code --containers} × {@code --seconds} samples in {@code --files} files; reports the median and range of
 * {@code --reps} runs per path and step.
 */
public final class WritePathBench {
  private WritePathBench() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    int containers = p.getInt("containers", 100);
    int seconds = p.getInt("seconds", 60);
    int files = p.getInt("files", 6);
    int reps = p.getInt("reps", 5);
    Fleet fleet = Fleet.of(p.get("fleet", "noisy"), 1, containers, 42);
    List<ContainerSample> samples = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      for (int c = 0; c < containers; c++) {
        samples.add(fleet.next(c, 1_767_225_600_000L + s * 1000L));
      }
    }
    ParquetSettings settings = ParquetSettings.defaults();
    Path dir = Files.createTempDirectory("fgm-writepath");
    long[][] t = new long[4][reps]; // A write, A compact, B write, B compact
    long rows = 0;
    for (int r = 0; r < reps + 1; r++) { // first round is warm-up
      for (int path = 0; path < 2; path++) {
        boolean b = path == 1;
        List<org.apache.flink.core.fs.Path> in = new ArrayList<>();
        long w0 = System.nanoTime();
        int per = (samples.size() + files - 1) / files;
        for (int f = 0; f < files; f++) {
          Path file = dir.resolve("in-" + path + "-" + f + ".parquet");
          Files.deleteIfExists(file);
          LocalOutputFile out = new LocalOutputFile(file);
          MetricRowWriter w = new MetricRowWriter(b ? settings.openStagingRows(out) : settings.openRows(out));
          for (ContainerSample x : samples.subList(f * per, Math.min(samples.size(), (f + 1) * per))) {
            w.addElement(x);
          }
          w.finish();
          in.add(new org.apache.flink.core.fs.Path(file.toUri()));
        }
        long c0 = System.nanoTime();
        Path out = dir.resolve("out-" + path + ".parquet");
        if (b) {
          try (OutputStream o = Files.newOutputStream(out)) {
            new SortedParquetCompactor(settings).compact(in, o);
          }
        } else {
          Files.deleteIfExists(out);
          MetricRowWriter w = new MetricRowWriter(settings.openRows(new LocalOutputFile(out)));
          new SortingRowCompactor().compact(in, w::addElement);
          w.finish();
        }
        long c1 = System.nanoTime();
        if (r > 0) {
          t[path * 2][r - 1] = c0 - w0;
          t[path * 2 + 1][r - 1] = c1 - c0;
        }
        try (org.apache.parquet.hadoop.ParquetFileReader pr =
            org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(out))) {
          rows = pr.getRecordCount();
        }
      }
    }
    System.out.printf("%,d rows per unit (%d files), %d reps after 1 warm-up, load %s%n", rows, files, reps,
        Files.readString(Path.of("/proc/loadavg")).trim());
    String[] names = {"A write (full encoding)", "A compact (Avro, SortingRowCompactor)",
        "B write (staging encoding)", "B compact (column-wise, SortedParquetCompactor)"};
    for (int i = 0; i < 4; i++) {
      long[] x = t[i].clone();
      Arrays.sort(x);
      System.out.printf("  %-50s median %6.0f ms (%,.0f rows/s), range %.0f–%.0f ms%n", names[i], x[reps / 2] / 1e6,
          rows / (x[reps / 2] / 1e9), x[0] / 1e6, x[reps - 1] / 1e6);
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
