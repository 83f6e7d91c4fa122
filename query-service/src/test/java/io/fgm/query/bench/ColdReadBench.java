package io.fgm.query.bench;

import io.fgm.query.ContainerQuery;
import io.fgm.query.QueryConfig;
import io.fgm.query.QueryService;
import io.fgm.query.TimeRange;
import io.fgm.query.TimeseriesQuery;
import io.fgm.query.store.SampleRowFiles;
import io.fgm.query.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the cold-query time goes, record reader against column reader, in one run: the Avro-record reader
 * ({@link AvroRowFiles}) and the column reader ({@link SampleRowFiles}) on the same wide files, for the two cold costs
 * (summarizing every file for the metadata index; decoding one metric of every file for 10 containers), and the
 * first calls of a fresh {@link QueryService}. Each store is measured in arrival order and sorted by
 * (container, node, time), the compacted layout. Files are in the OS page cache after the first repeat; "cold" means nothing decoded
 * in the process yet.
 *
 * <p>Run: {@code mvn -q -pl query-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fgm.query.bench.ColdReadBench -Dexec.args=/tmp/fgm-bench} (or plain {@code java -cp}).
 */
public final class ColdReadBench {
  private static final int REPEATS = 3;

  private ColdReadBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    for (boolean sorted : new boolean[] {false, true}) {
      BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 1, 100, 1, 1, sorted);
      Path root = spec.ensure(dir);
      measure(spec, root);
    }
  }

  private static void measure(BenchStore spec, Path root) {
    TimeRange all = new TimeRange(spec.startMs(), spec.endMs());
    List<Path> files = new ArrayList<>();
    StoreLayout.partitions(root, all, n -> true).forEach(p -> files.addAll(StoreLayout.dataFiles(p.dir())));
    String metric = BenchStore.METRICS.get(0);
    Set<String> ten = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      ten.add(BenchStore.containerId(i * 7));
    }
    System.out.printf("%n%s: %d files, %,d rows (%,d values), %s%n", spec.dirName(), files.size(), spec.rows(),
        spec.values(), spec.sorted() ? "sorted by (container, node, time)" : "arrival order");
    row("summarize all files (index)", "avro", () -> {
      for (Path f : files) {
        AvroRowFiles.summarize(f, 0, 0);
      }
    });
    row("summarize all files (index)", "column", () -> {
      for (Path f : files) {
        SampleRowFiles.summarize(f, 0, 0);
      }
    });
    row("10 containers x 1 metric x 1 h", "avro", () -> {
      for (Path f : files) {
        AvroRowFiles.readValues(f, metric, ten, all, (id, t, v) -> {});
      }
    });
    row("10 containers x 1 metric x 1 h", "column", () -> {
      for (Path f : files) {
        SampleRowFiles.readValues(f, metric, ten, all, (id, t, v) -> {});
      }
    });
    row("1 metric, all containers (cache fill)", "avro", () -> {
      for (Path f : files) {
        AvroRowFiles.readValues(f, metric, null, all, (id, t, v) -> {});
      }
    });
    row("1 metric, all containers (cache fill)", "column", () -> {
      for (Path f : files) {
        SampleRowFiles.readValues(f, metric, null, all, (id, t, v) -> {});
      }
    });
    for (long cache : new long[] {16L << 20, 0}) {
      String label = cache > 0 ? "with series cache" : "no series cache";
      double[] listing = new double[REPEATS];
      double[] series = new double[REPEATS];
      double[] warm = new double[REPEATS];
      for (int r = 0; r < REPEATS; r++) {
        QueryService service = new QueryService(QueryConfig.builder().storePath(root).seriesCachePoints(cache)
            .build());
        long t0 = System.nanoTime();
        service.containers(ContainerQuery.builder(all).build());
        listing[r] = ms(t0);
        TimeseriesQuery q = new TimeseriesQuery(metric, List.copyOf(ten), all, 10_000);
        t0 = System.nanoTime();
        service.timeseries(q);
        series[r] = ms(t0);
        t0 = System.nanoTime();
        service.timeseries(q);
        warm[r] = ms(t0);
      }
      print("fresh service: first /containers (" + label + ")", "column", listing);
      print("fresh service: first 10x1h timeseries (" + label + ")", "column", series);
      print("fresh service: second 10x1h timeseries (" + label + ")", "column", warm);
    }
  }

  private interface Work {
    void run() throws IOException;
  }

  private static void row(String what, String reader, Work w) {
    double[] t = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      long t0 = System.nanoTime();
      try {
        w.run();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      t[r] = ms(t0);
    }
    print(what, reader, t);
  }

  private static void print(String what, String reader, double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    System.out.printf("  %-52s %-6s  first %8.1f ms   min %8.1f   max %8.1f%n", what, reader, t[0], s[0],
        s[s.length - 1]);
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  static Path tempDefault() throws IOException {
    return Files.createTempDirectory("fgm-bench");
  }
}
