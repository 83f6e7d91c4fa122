package io.fgm.agent.bench;

import io.fgm.agent.cgroup.CgroupLayout;
import io.fgm.agent.publish.DiscardingSamplePublisher;
import io.fgm.agent.sample.AgentStats;
import io.fgm.agent.sample.Sampler;
import io.fgm.schema.ContainerSample;
import io.fgm.testkit.cgroup.FixtureTreeMain;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Like {@link PassProfile} but paced like the agent (one pass, then sleep, as at 1 Hz: cold caches), measuring
 * the thread's CPU time (not wall time) of the sampling pass and of encoding: {@code PacedProfile N passes sleepMs}.
 */
public final class PacedProfile {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int passes = Integer.parseInt(args[1]);
    long sleepMs = Long.parseLong(args[2]);
    Path dir = Files.createTempDirectory("fgm-profile");
    FixtureTreeMain.main(new String[] {dir.resolve("cg").toString(), "v2", Integer.toString(n)});
    CgroupLayout layout = CgroupLayout.detect(dir.resolve("cg"));
    AgentStats stats = new AgentStats();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    DiscardingSamplePublisher pub = new DiscardingSamplePublisher(stats);
    try (Sampler sampler = new Sampler(layout, dir.resolve("proc"), "bench", 100, 8192, stats)) {
      long sCpu = 0;
      long eCpu = 0;
      for (int i = 0; i < passes; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        List<ContainerSample> s = sampler.sample(1000L * i, false, i == 0);
        long c1 = mx.getCurrentThreadCpuTime();
        pub.publish(s);
        long c2 = mx.getCurrentThreadCpuTime();
        if (i >= passes / 2) {
          sCpu += c1 - c0;
          eCpu += c2 - c1;
        }
        Thread.sleep(sleepMs);
      }
      int m = passes - passes / 2;
      System.out.printf("%d containers, sleep %d ms: sample pass %.3f ms CPU, encode %.3f ms CPU (last %d passes)%n",
          n, sleepMs, sCpu / 1e6 / m, eCpu / 1e6 / m, m);
    }
  }
}
