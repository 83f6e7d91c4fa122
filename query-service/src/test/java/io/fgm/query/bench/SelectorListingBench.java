package io.fgm.query.bench;

import io.fgm.query.ContainerQuery;
import io.fgm.query.LabelSelector;
import io.fgm.query.QueryService;
import io.fgm.query.TimeRange;
import io.fgm.query.fixture.PodFixture;
import io.fgm.schema.PodMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * CPU time of {@code containers()} over the 24 h × 100 containers bench store without a selector, with an identity
 * selector and with pod-label selectors (a pods tier with one version per pod, in a store that links the bench
 * store's partitions, so the bench store itself is not touched). Prints; asserts nothing.
 */
public final class SelectorListingBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fgm-bench");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    BenchStore spec = new BenchStore(BenchStore.DEFAULT_START, 24, 100, 2, 2, true);
    Path bench = spec.ensure(dir);
    Path root = Files.createTempDirectory("fgm-selector-bench");
    try (var days = Files.list(bench)) {
      for (Path d : days.filter(p -> p.getFileName().toString().startsWith("dt=")).toList()) {
        Files.createSymbolicLink(root.resolve(d.getFileName()), d);
      }
    }
    List<PodMetadata> pods = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      pods.add(PodFixture.pod(BenchStore.container(i), Map.of("app", "app-" + (i % 10), "team", "t" + (i % 3),
          "pod-template-hash", "h" + (i % 10)), spec.startMs()));
    }
    PodFixture.write(root.resolve("pods/dt=" + java.time.LocalDate.ofInstant(Instant.ofEpochMilli(spec.startMs()),
        ZoneOffset.UTC)), "part-0001.parquet", pods);
    QueryService service = spec.warmService(dir, root);
    TimeRange all = new TimeRange(spec.startMs(), spec.endMs());
    String[] selectors = {null, "namespace!=kube-system,qos", "app=app-3", "app in (app-1,app-2),team!=t0,!canary"};
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (String sel : selectors) {
      double[] cpu = new double[repeats];
      int total = 0;
      for (int warm = 0; warm < 2; warm++) {
        for (int i = 0; i < repeats; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          var page = service.containers(ContainerQuery.builder(all).limit(500)
              .selector(sel == null ? null : LabelSelector.parse(sel)).build());
          cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
          total = page.total();
        }
      }
      Arrays.sort(cpu);
      System.out.printf("%-45s %3d containers  CPU p50 %6.3f ms  p95 %6.3f ms%n", sel == null ? "(no selector)" : sel,
          total, cpu[repeats / 2], cpu[repeats * 95 / 100]);
    }
  }
}
