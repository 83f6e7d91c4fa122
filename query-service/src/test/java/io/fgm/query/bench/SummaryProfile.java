package io.fgm.query.bench;

import io.fgm.query.QueryServer;
import io.fgm.query.QueryService;
import io.fgm.query.StudyService;
import io.fgm.query.TimeRange;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * CPU and wall time of {@code /api/summary}'s core ({@link StudyService#summary}, plus its JSON) per request, one
 * thread, no HTTP (a main, not a test), on the 24 h bench store: the old way (each metric decodes its files alone)
 * and the new (one pass per file for all the metrics) side by side in one JVM, each with its own query service and
 * caches, calls alternating between them so both see the same load and the same OS page cache.
 *
 * <p>Workloads, each {@code calls} requests of a 1 h range: "last hour" (one container at a time over the last hour,
 * rotating over the 100, as {@code summarize_container} with its default range; the hour's files are cached after
 * the first calls), "random hour" (a random hour each call: mostly a cold series cache), "compare" (3 containers,
 * one metric, random hour, as {@code compare_containers}).
 *
 * <p>Arguments: {@code [dir=/tmp/fgm-bench] [calls=40]}.
 */
public final class SummaryProfile {
  private SummaryProfile() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, true);
    Path root = spec.ensure(dir);
    StudyService[] services = new StudyService[2]; // 0: before, 1: after
    for (int k = 0; k < 2; k++) {
      QueryService service = spec.warmService(dir, root);
      services[k] = new StudyService(service, 86_400, k == 1);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Random r = new Random(11);
    System.out.printf("load average at start %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (String mode : new String[] {"warm-up", "last hour", "random hour", "compare"}) {
      double[][] cpu = new double[2][calls];
      double[][] wall = new double[2][calls];
      for (int i = 0; i < calls; i++) {
        long from = mode.equals("random hour") || mode.equals("compare") || mode.equals("warm-up")
            ? spec.startMs() + r.nextInt(23) * 3_600_000L : spec.endMs() - 3_600_000L;
        TimeRange range = new TimeRange(from, from + 3_600_000L);
        List<String> ids = new ArrayList<>();
        int n = mode.equals("compare") ? 3 : 1;
        while (ids.size() < n) {
          String id = BenchStore.containerId(mode.equals("last hour") ? (i + ids.size()) % 100
              : r.nextInt(spec.containers()));
          if (!ids.contains(id)) {
            ids.add(id);
          }
        }
        List<String> metrics = mode.equals("compare") ? List.of(BenchStore.METRICS.get(r.nextInt(3))) : null;
        for (int j = 0; j < 2; j++) {
          int k = (i + j) % 2; // alternate which goes first
          long c0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          QueryServer.JSON.writeValueAsBytes(services[k].summary(ids, metrics, range));
          cpu[k][i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
          wall[k][i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      for (int k = 0; k < 2; k++) {
        Arrays.sort(cpu[k]);
        Arrays.sort(wall[k]);
        System.out.printf("%-11s %-6s CPU p50 %6.1f p95 %6.1f max %6.1f ms | wall p50 %6.1f p95 %6.1f max %6.1f ms%n",
            mode, k == 0 ? "before" : "after", cpu[k][calls / 2], cpu[k][calls * 95 / 100], cpu[k][calls - 1],
            wall[k][calls / 2], wall[k][calls * 95 / 100], wall[k][calls - 1]);
      }
    }
    System.out.printf("load average at end %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
