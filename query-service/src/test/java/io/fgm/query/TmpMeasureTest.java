package io.fgm.query;

import io.fgm.query.fixture.StoreFixture;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TmpMeasureTest {
  @Test
  void measure() {
    Path store = Path.of("/tmp/bench/store");
    long start = 1772460000000L;
    List<ContainerRef> cs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      cs.add(StoreFixture.container(String.format("c%03d", i), "pod-" + i, "ns" + (i % 5), "app", QosClass.BURSTABLE));
    }
    long t0 = System.nanoTime();
    StoreFixture f = new StoreFixture(store);
    for (int m = 0; m < 60; m++) { // one file per minute, 100 containers x 3 metrics x 60 s
      for (ContainerRef c : cs) {
        long from = start + m * 60_000L;
        f.series("node-a", c, "cpu.usage_millicores", from, from + 60_000, t -> (t % 7919) / 10.0);
        f.series("node-a", c, "memory.working_set_bytes", from, from + 60_000, t -> 1e8 + t % 1000);
        f.series("node-a", c, "pids.current", from, from + 60_000, t -> 5);
      }
      f.write(String.format("part-%04d.parquet", m));
    }
    System.out.println("MEASURE write 1.08M rows in 60 files ms=" + (System.nanoTime() - t0) / 1_000_000);
    QueryService qs = new QueryService(QueryConfig.builder().storePath(store).build());
    TimeRange r = new TimeRange(start, start + 3_600_000 - 1);
    for (int rep = 0; rep < 5; rep++) {
      long a = System.nanoTime();
      qs.containers(ContainerQuery.builder(r).build());
      long b = System.nanoTime();
      List<String> ids = cs.subList(0, 10).stream().map(ContainerRef::containerId).toList();
      TimeseriesResult ts = qs.timeseries(new TimeseriesQuery("cpu.usage_millicores", ids, r, 10_000));
      long c = System.nanoTime();
      qs.containers(ContainerQuery.builder(r).sort(new ContainerQuery.Sort("memory.working_set_bytes", "max")).limit(10).build());
      long d = System.nanoTime();
      System.out.printf("MEASURE rep %d: list %d ms, timeseries 10x1h %d ms (%d rows), top10 by max %d ms%n",
          rep, (b - a) / 1_000_000, (c - b) / 1_000_000, ts.rowsRead(), (d - c) / 1_000_000);
    }
  }
}
