package io.fgm.agent.cgroup;

import io.fgm.schema.Metric;

/**
 * {@code memory.stat}, in bytes except the fault and refault counters.
 *
 * <p>v2 names: anon, file, kernel, shmem, file_mapped, active_file, inactive_file, pgfault, pgmajfault,
 * workingset_refault_anon + workingset_refault_file (summed; kernels before 5.9 have one workingset_refault).
 *
 * <p>v1 names: rss (anonymous), cache (page cache), shmem, mapped_file, active_file, inactive_file, pgfault,
 * pgmajfault and their hierarchical {@code total_} twins. The {@code total_} line comes later in the file and
 * wins, as in cAdvisor and the kubelet, which compute the working set from {@code total_inactive_file}. v1 has
 * no kernel-memory line (that is {@code memory.kmem.usage_in_bytes}).
 */
public final class MemoryStatParser {
  static final FlatKeyedParser V2 =
      FlatKeyedParser.builder()
          .key("anon", Metric.MEMORY_ANON_BYTES)
          .key("file", Metric.MEMORY_FILE_BYTES)
          .key("kernel", Metric.MEMORY_KERNEL_BYTES)
          .key("shmem", Metric.MEMORY_SHMEM_BYTES)
          .key("file_mapped", Metric.MEMORY_FILE_MAPPED_BYTES)
          .key("active_file", Metric.MEMORY_ACTIVE_FILE_BYTES)
          .key("inactive_file", Metric.MEMORY_INACTIVE_FILE_BYTES)
          .key("pgfault", Metric.MEMORY_PGFAULT)
          .key("pgmajfault", Metric.MEMORY_PGMAJFAULT)
          .sum("workingset_refault_anon", Metric.MEMORY_WORKINGSET_REFAULT)
          .sum("workingset_refault_file", Metric.MEMORY_WORKINGSET_REFAULT)
          .sum("workingset_refault", Metric.MEMORY_WORKINGSET_REFAULT)
          .build();

  static final FlatKeyedParser V1 =
      FlatKeyedParser.builder()
          .key("rss", Metric.MEMORY_ANON_BYTES)
          .key("cache", Metric.MEMORY_FILE_BYTES)
          .key("shmem", Metric.MEMORY_SHMEM_BYTES)
          .key("mapped_file", Metric.MEMORY_FILE_MAPPED_BYTES)
          .key("active_file", Metric.MEMORY_ACTIVE_FILE_BYTES)
          .key("inactive_file", Metric.MEMORY_INACTIVE_FILE_BYTES)
          .key("pgfault", Metric.MEMORY_PGFAULT)
          .key("pgmajfault", Metric.MEMORY_PGMAJFAULT)
          .key("total_rss", Metric.MEMORY_ANON_BYTES)
          .key("total_cache", Metric.MEMORY_FILE_BYTES)
          .key("total_shmem", Metric.MEMORY_SHMEM_BYTES)
          .key("total_mapped_file", Metric.MEMORY_FILE_MAPPED_BYTES)
          .key("total_active_file", Metric.MEMORY_ACTIVE_FILE_BYTES)
          .key("total_inactive_file", Metric.MEMORY_INACTIVE_FILE_BYTES)
          .key("total_pgfault", Metric.MEMORY_PGFAULT)
          .key("total_pgmajfault", Metric.MEMORY_PGMAJFAULT)
          // only the hierarchical twins are summed, so the two halves are not counted twice
          .sum("total_workingset_refault_anon", Metric.MEMORY_WORKINGSET_REFAULT)
          .sum("total_workingset_refault_file", Metric.MEMORY_WORKINGSET_REFAULT)
          .build();

  private MemoryStatParser() {}

  public static int parseV2(byte[] b, int len, MetricValues out) {
    return V2.parse(b, len, out);
  }

  public static int parseV1(byte[] b, int len, MetricValues out) {
    return V1.parse(b, len, out);
  }
}
