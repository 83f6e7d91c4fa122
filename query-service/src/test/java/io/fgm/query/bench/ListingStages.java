package io.fgm.query.bench;

import io.fgm.query.ContainerInfo;
import io.fgm.query.ContainerQuery;
import io.fgm.query.QueryServer;
import io.fgm.query.QueryService;
import io.fgm.query.TimeRange;
import io.fgm.query.store.MetadataIndex;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a container listing's time goes, stage by stage, on the 24 h × 100-container bench store (a main, not a test:
 * it prints numbers and asserts nothing): one thread, no HTTP, wall time per stage, medians and p95 of
 * {@code repeats} listings after as many warm-up ones, and the CPU time of the whole {@code containers()} call on
 * this thread (which the machine's load does not inflate). The stages are re-done here with the same public calls the
 * service makes, so their sum is close to, not exactly, one {@code containers()} call.
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-bench] [repeats=500]}.
 */
public final class ListingStages {
  private ListingStages() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, true);
    Path root = spec.ensure(dir);
    QueryService service = spec.warmService(dir, root);
    TimeRange all = new TimeRange(spec.startMs(), spec.endMs());
    String[] names = {"rawTierPath", "index.files", "digest.collect", "whole containers()", "JSON of the page",
        "containers() CPU"};
    double[][] t = new double[names.length][repeats];
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int warm = 0; warm < 2; warm++) {
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        Path raw = service.rawTierPath();
        long t1 = System.nanoTime();
        List<MetadataIndex.PartitionFiles> files = service.index().files(raw, all, n -> true);
        long t2 = System.nanoTime();
        Map<String, ContainerInfo> byId = new LinkedHashMap<>();
        files.forEach(pf -> pf.digest().collect(all, n -> true, byId));
        long t3 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        var page = service.containers(ContainerQuery.builder(all).limit(500).build());
        long t4 = System.nanoTime();
        t[5][i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        byte[] body = QueryServer.JSON.writeValueAsBytes(page);
        long t5 = System.nanoTime();
        long[] marks = {t0, t1, t2, t3, t4, t5};
        for (int s = 0; s < marks.length - 1; s++) {
          t[s][i] = (marks[s + 1] - marks[s]) / 1e6;
        }
        if (body.length == 0) {
          throw new IllegalStateException("empty answer");
        }
      }
    }
    for (int s = 0; s < names.length; s++) {
      Arrays.sort(t[s]);
      System.out.printf("%-20s p50 %7.3f ms  p95 %7.3f ms%n", names[s], t[s][repeats / 2],
          t[s][repeats * 95 / 100]);
    }
  }
}
