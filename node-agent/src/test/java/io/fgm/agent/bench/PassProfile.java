package io.fgm.agent.bench;

import com.sun.management.ThreadMXBean;
import io.fgm.agent.cgroup.CgroupDiscovery;
import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.agent.publish.DiscardingSamplePublisher;
import io.fgm.agent.sample.AgentStats;
import io.fgm.agent.sample.Sampler;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.SampleCodec;
import io.fgm.testkit.cgroup.FixtureTreeMain;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * In-process breakdown of one sampling pass (not a test: run by hand, numbers vary on a shared machine):
 * {@code PassProfile N [passes] [v1|v2]}. Prints the mean time and heap allocation per pass of discovery, the
 * whole sampling pass (incremental discovery included), and encoding; then a full discovery for comparison.
 */
public final class PassProfile {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    String version = args.length > 2 ? args[2] : "v2";
    Path dir = Files.createTempDirectory("fgm-profile");
    FixtureTreeMain.main(new String[] {dir.resolve("cg").toString(), version, Integer.toString(n)});
    CgroupLayout layout = CgroupLayout.detect(dir.resolve("cg"));
    AgentStats stats = new AgentStats();
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    CgroupDiscovery discovery = new CgroupDiscovery(layout);
    DiscardingSamplePublisher pub = new DiscardingSamplePublisher(stats);
    try (Sampler sampler = new Sampler(layout, dir.resolve("proc"), "bench", 100, 8192, stats)) {
      for (int round = 0; round < 3; round++) {
        long dT = 0, dA = 0, sT = 0, sA = 0, eT = 0, eA = 0, aT = 0, aA = 0, count = 0;
        for (int i = 0; i < passes; i++) {
          long a0 = mx.getThreadAllocatedBytes(tid);
          long t0 = System.nanoTime();
          discovery.discover(true);
          long t1 = System.nanoTime();
          long a1 = mx.getThreadAllocatedBytes(tid);
          List<ContainerSample> s = sampler.sample(1000L * i, false, i == 0 && round == 0);
          long t2 = System.nanoTime();
          long a2 = mx.getThreadAllocatedBytes(tid);
          pub.publish(s);
          long t3 = System.nanoTime();
          long a3 = mx.getThreadAllocatedBytes(tid);
          for (ContainerSample c : s) {
            SampleCodec.encode(c);
          }
          long t4 = System.nanoTime();
          long a4 = mx.getThreadAllocatedBytes(tid);
          dT += t1 - t0; dA += a1 - a0; sT += t2 - t1; sA += a2 - a1; eT += t3 - t2; eA += a3 - a2;
          aT += t4 - t3; aA += a4 - a3; count += s.size();
        }
        System.out.printf("round %d, %d containers: discovery %.3f ms %d B | sample pass %.3f ms %d B | "
                + "encode %.3f ms %d B (%d B/sample) | per sample: SampleEncoder %.2f us %d B, "
                + "SampleCodec %.2f us %d B%n", round, n, dT / 1e6 / passes, dA / passes,
            sT / 1e6 / passes, sA / passes, eT / 1e6 / passes, eA / passes,
            pub.bytes() / Math.max(1, stats.samplesSent.get()), eT / 1e3 / count, eA / count,
            aT / 1e3 / count, aA / count);
      }
      long t0 = System.nanoTime();
      long a0 = mx.getThreadAllocatedBytes(tid);
      for (int i = 0; i < passes; i++) {
        discovery.discover(false);
      }
      System.out.printf("full discovery %.3f ms %d B%n", (System.nanoTime() - t0) / 1e6 / passes,
          (mx.getThreadAllocatedBytes(tid) - a0) / passes);
    }
  }
}
