package io.fgm.query.bench;

import io.fgm.query.ContainerQuery;
import io.fgm.query.QueryServer;
import io.fgm.query.QueryService;
import io.fgm.query.TimeRange;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a container listing's time goes, without HTTP or concurrency (a main, not a test): the core's
 * {@code containers()} and the JSON serialization, each timed separately over many repeats on the 24 h bench store.
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-bench] [repeats=300]}.
 */
public final class ListingProfile {
  private ListingProfile() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, true);
    Path root = spec.ensure(dir);
    QueryService service = spec.warmService(dir, root);
    TimeRange all = new TimeRange(spec.startMs(), spec.endMs());
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    double[] core = new double[repeats];
    double[] coreCpu = new double[repeats];
    double[] json = new double[repeats];
    for (int warm = 0; warm < 2; warm++) {
      for (int i = 0; i < repeats; i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        var page = service.containers(ContainerQuery.builder(all).limit(500).build());
        long t1 = System.nanoTime();
        coreCpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        byte[] body = QueryServer.JSON.writeValueAsBytes(page);
        long t2 = System.nanoTime();
        core[i] = (t1 - t0) / 1e6;
        json[i] = (t2 - t1) / 1e6 + body.length * 0;
      }
    }
    Arrays.sort(core);
    Arrays.sort(coreCpu);
    Arrays.sort(json);
    System.out.printf("containers(): wall p50 %.2f ms p95 %.2f ms, CPU p50 %.2f ms p95 %.2f ms; JSON: p50 %.2f ms "
        + "p95 %.2f ms%n", core[repeats / 2], core[repeats * 95 / 100], coreCpu[repeats / 2],
        coreCpu[repeats * 95 / 100], json[repeats / 2], json[repeats * 95 / 100]);
    // the same 10 containers x 1 h request twice: the first decodes files, the second is served from the cache
    java.util.Random r = new java.util.Random(7);
    for (int round = 0; round < 3; round++) {
      double[] miss = new double[20];
      double[] hit = new double[20];
      double[] missCpu = new double[20];
      double[] hitCpu = new double[20];
      double[] ser = new double[20];
      for (int i = 0; i < 20; i++) {
        long hour = spec.startMs() + r.nextInt(24) * 3_600_000L;
        java.util.List<String> ids = new java.util.ArrayList<>();
        while (ids.size() < 10) {
          String id = BenchStore.containerId(r.nextInt(spec.containers()));
          if (!ids.contains(id)) {
            ids.add(id);
          }
        }
        var q = new io.fgm.query.TimeseriesQuery(BenchStore.METRICS.get(r.nextInt(3)), ids,
            new TimeRange(hour, hour + 3_599_000L), 10_000, io.fgm.query.TierPlan.Choice.AUTO);
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        service.timeseries(q);
        long c1 = threads.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        var res = service.timeseries(q);
        long t2 = System.nanoTime();
        missCpu[i] = (c1 - c0) / 1e6;
        hitCpu[i] = (threads.getCurrentThreadCpuTime() - c1) / 1e6;
        QueryServer.JSON.writeValueAsBytes(res);
        long t3 = System.nanoTime();
        miss[i] = (t1 - t0) / 1e6;
        hit[i] = (t2 - t1) / 1e6;
        ser[i] = (t3 - t2) / 1e6;
      }
      Arrays.sort(miss);
      Arrays.sort(hit);
      Arrays.sort(ser);
      Arrays.sort(missCpu);
      Arrays.sort(hitCpu);
      System.out.printf("10 x 1 h: first wall p50 %.1f ms (max %.1f), CPU p50 %.1f ms; again wall p50 %.1f ms "
          + "(max %.1f), CPU p50 %.1f ms (max %.1f); JSON p50 %.1f ms%n", miss[10], miss[19], missCpu[10], hit[10],
          hit[19], hitCpu[10], hitCpu[19], ser[10]);
    }
  }
}
