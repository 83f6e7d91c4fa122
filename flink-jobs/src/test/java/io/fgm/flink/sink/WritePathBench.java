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
 * CPU time of the raw tier's write path without Kafka or Flink around it, on one thread: the staging files of one
 * compaction unit ({@code --containers} × {@code --seconds} samples in {@code --files} files) and their compaction
 * ({@link SampleRowCompactor}); reports the median and range of {@code --reps} runs per step after one warm-up, in
 * rows (samples) and values (non-NaN metrics of the catalogue) per second. {@code --staging rows,parquet} (the
 * default) measures the staging row format ({@link StagingRows}, what the job writes) and the Parquet staging files
 * written before 2026-11-25 ({@link ParquetSettings#openStagingSamples}) alternately in the same JVM.
 */
public final class WritePathBench {
  /** Thread CPU time, not wall time: the machine is shared, and CPU time does not depend on the others' load. */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private WritePathBench() {}

  public static void main(String[] args) throws Exception {
    ParameterTool p = ParameterTool.fromArgs(args);
    int containers = p.getInt("containers", 100);
    int seconds = p.getInt("seconds", 60);
    int files = p.getInt("files", 6);
    int reps = p.getInt("reps", 5);
    Fleet fleet = Fleet.of(p.get("fleet", "noisy"), 1, containers, 42);
    List<ContainerSample> samples = new ArrayList<>();
    long values = 0;
    double[] cells = new double[SampleRow.METRICS];
    for (int s = 0; s < seconds; s++) {
      for (int c = 0; c < containers; c++) {
        ContainerSample x = fleet.next(c, 1_767_225_600_000L + s * 1000L);
        samples.add(x);
        io.fgm.schema.SampleRows.valuesInto(x.metrics(), cells);
        values += Arrays.stream(cells).filter(v -> !Double.isNaN(v)).count();
      }
    }
    ParquetSettings settings = ParquetSettings.defaults();
    Path dir = Files.createTempDirectory("fgm-writepath");
    String[] formats = p.get("staging", "rows,parquet").split(",");
    long[][][] times = new long[formats.length][2][reps]; // per format: write, compact
    long[] bytes = new long[formats.length];
    for (int r = 0; r < reps + 1; r++) { // first round is warm-up
     for (int fmt = 0; fmt < formats.length; fmt++) {
      long[][] t = times[fmt];
      boolean rows = formats[fmt].equals("rows");
      List<org.apache.flink.core.fs.Path> in = new ArrayList<>();
      long w0 = CPU.getCurrentThreadCpuTime();
      int per = (samples.size() + files - 1) / files;
      for (int f = 0; f < files; f++) {
        Path file = dir.resolve("in-" + f + ".parquet");
        Files.deleteIfExists(file);
        OutputStream o = rows ? Files.newOutputStream(file) : OutputStream.nullOutputStream();
        org.apache.flink.api.common.serialization.BulkWriter<ContainerSample> w = rows
            ? new StagingRows.Writer(o)
            : new SampleRowWriter(settings.openStagingSamples(new LocalOutputFile(file)));
        for (ContainerSample x : samples.subList(f * per, Math.min(samples.size(), (f + 1) * per))) {
          w.addElement(x);
        }
        w.finish();
        o.close();
        bytes[fmt] = f == 0 ? Files.size(file) : bytes[fmt] + Files.size(file);
        in.add(new org.apache.flink.core.fs.Path(file.toUri()));
      }
      long c0 = CPU.getCurrentThreadCpuTime();
      try (OutputStream o = Files.newOutputStream(dir.resolve("out.parquet"))) {
        new SampleRowCompactor(settings).compact(in, o);
      }
      long c1 = CPU.getCurrentThreadCpuTime();
      if (r > 0) {
        t[0][r - 1] = c0 - w0;
        t[1][r - 1] = c1 - c0;
      }
     }
    }
    System.out.printf("%,d rows, %,d values per unit (%d files), %d reps after 1 warm-up, load %s%n", samples.size(),
        values, files, reps, Files.readString(Path.of("/proc/loadavg")).trim());
    String[] names = {"write staging files", "compact (SampleRowCompactor)"};
    for (int fmt = 0; fmt < formats.length; fmt++) {
     System.out.printf("staging %s (%,d bytes of staging files):%n", formats[fmt], bytes[fmt]);
     for (int i = 0; i < 2; i++) {
      long[] x = times[fmt][i].clone();
      Arrays.sort(x);
      double med = x[reps / 2] / 1e9;
      System.out.printf("  %-30s median %6.0f CPU-ms (%,.0f rows/CPU-s, %,.0f values/CPU-s), range %.0f–%.0f ms%n", names[i],
          med * 1e3, samples.size() / med, values / med, x[0] / 1e6, x[reps - 1] / 1e6);
     }
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
