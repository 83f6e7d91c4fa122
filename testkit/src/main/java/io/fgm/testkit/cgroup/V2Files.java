package io.fgm.testkit.cgroup;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/** The files of one cgroup v2 directory, as the kernel lists them (the ones fgm reads and their neighbours). */
final class V2Files {
  private V2Files() {}

  /** @param procs the content of {@code cgroup.procs} (one PID per line), kept across rewrites */
  static void write(Path d, Usage u, String procs, BiConsumer<Path, String> out) {
    out.accept(d.resolve("cgroup.procs"), procs);
    out.accept(d.resolve("cgroup.threads"), "");
    out.accept(d.resolve("cgroup.type"), "domain\n");
    out.accept(d.resolve("cgroup.events"), "populated " + (u.pids() > 0 ? 1 : 0) + "\nfrozen 0\n");
    out.accept(d.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    out.accept(d.resolve("cgroup.subtree_control"), "");
    out.accept(d.resolve("cpu.stat"), KernelFormats.v2CpuStat(u));
    out.accept(d.resolve("cpu.max"), KernelFormats.v2CpuMax(u));
    out.accept(d.resolve("cpu.weight"), "100\n");
    out.accept(d.resolve("cpu.pressure"), KernelFormats.pressure(u.throttledUs(), 0));
    out.accept(d.resolve("memory.current"), u.memoryBytes() + "\n");
    out.accept(d.resolve("memory.peak"), u.memoryPeakBytes() + "\n");
    out.accept(d.resolve("memory.max"), KernelFormats.v2MemoryMax(u));
    out.accept(d.resolve("memory.high"), "max\n");
    out.accept(d.resolve("memory.low"), "0\n");
    out.accept(d.resolve("memory.min"), "0\n");
    out.accept(d.resolve("memory.stat"), KernelFormats.v2MemoryStat(u));
    out.accept(d.resolve("memory.events"), KernelFormats.v2MemoryEvents(u));
    out.accept(d.resolve("memory.pressure"), KernelFormats.pressure(0, 0));
    out.accept(d.resolve("memory.swap.current"), "0\n");
    out.accept(d.resolve("io.stat"), KernelFormats.v2IoStat(u));
    out.accept(d.resolve("io.pressure"), KernelFormats.pressure(0, 0));
    out.accept(d.resolve("pids.current"), u.pids() + "\n");
    out.accept(d.resolve("pids.max"), "max\n");
  }
}
