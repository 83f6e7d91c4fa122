package io.fgm.testkit.cgroup;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/** The files of one cgroup in one v1 hierarchy, as the kernel lists them. */
final class V1Files {
  private V1Files() {}

  /** @param procs the content of {@code cgroup.procs} and {@code tasks} (one PID per line), kept across rewrites */
  static void write(String hierarchy, Path d, Usage u, long userHz, String procs, BiConsumer<Path, String> out) {
    out.accept(d.resolve("cgroup.procs"), procs);
    out.accept(d.resolve("tasks"), procs);
    out.accept(d.resolve("notify_on_release"), "0\n");
    switch (hierarchy) {
      case "cpu" -> {
        out.accept(d.resolve("cpu.stat"), KernelFormats.v1CpuStat(u));
        out.accept(d.resolve("cpu.cfs_quota_us"), (u.cpuQuotaUs() < 0 ? -1 : u.cpuQuotaUs()) + "\n");
        out.accept(d.resolve("cpu.cfs_period_us"), u.cpuPeriodUs() + "\n");
        out.accept(d.resolve("cpu.shares"), "1024\n");
      }
      case "cpuacct" -> {
        out.accept(d.resolve("cpuacct.usage"), u.cpuUsageUs() * 1000 + "\n");
        out.accept(d.resolve("cpuacct.stat"), KernelFormats.v1CpuacctStat(u, userHz));
        out.accept(d.resolve("cpuacct.usage_percpu"), u.cpuUsageUs() * 1000 + " 0 \n");
      }
      case "memory" -> {
        out.accept(d.resolve("memory.usage_in_bytes"), u.memoryBytes() + "\n");
        out.accept(d.resolve("memory.max_usage_in_bytes"), u.memoryPeakBytes() + "\n");
        out.accept(d.resolve("memory.limit_in_bytes"), KernelFormats.v1MemoryLimit(u));
        out.accept(d.resolve("memory.soft_limit_in_bytes"), KernelFormats.V1_UNLIMITED + "\n");
        out.accept(d.resolve("memory.failcnt"), u.oomKills() + "\n");
        out.accept(d.resolve("memory.oom_control"), KernelFormats.v1OomControl(u));
        out.accept(d.resolve("memory.stat"), KernelFormats.v1MemoryStat(u));
        out.accept(d.resolve("memory.kmem.usage_in_bytes"), u.memoryBytes() / 16 + "\n");
        out.accept(d.resolve("memory.use_hierarchy"), "1\n");
      }
      case "pids" -> {
        out.accept(d.resolve("pids.current"), u.pids() + "\n");
        out.accept(d.resolve("pids.max"), "max\n");
      }
      case "blkio" -> {
        out.accept(d.resolve("blkio.throttle.io_service_bytes"), KernelFormats.v1Blkio(u.ioReadBytes(),
            u.ioWriteBytes()));
        out.accept(d.resolve("blkio.throttle.io_serviced"), KernelFormats.v1Blkio(u.ioReadOps(), u.ioWriteOps()));
      }
      default -> {
        // name=systemd and others hold no metrics
      }
    }
  }
}
