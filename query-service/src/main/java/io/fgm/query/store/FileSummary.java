package io.fgm.query.store;

import io.fgm.query.ContainerInfo;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one committed data file holds, computed once per file version (path, size, modification time) and kept
 * by {@link MetadataIndex}. An unreadable file has {@code readable=false} and no containers, so it is skipped
 * until it changes instead of failing every query.
 *
 * @param file the data file
 * @param sizeBytes file size when summarized
 * @param modifiedMs modification time when summarized
 * @param rows number of rows (raw tier: container-seconds; rollup: container-metric-minutes)
 * @param containers per container id: its labels, metrics and first/last time within this file
 * @param readable false when the file could not be read as Parquet of its tier's layout (wide SampleRow rows in
 *     the raw tier, long-form rollup rows in the rollup tier)
 */
public record FileSummary(
    Path file, long sizeBytes, long modifiedMs, long rows, Map<String, ContainerInfo> containers, boolean readable) {

  public FileSummary {
    containers = Map.copyOf(containers);
  }

  /** Earliest row time in the file, or {@code Long.MAX_VALUE} when empty. */
  public long minTimeMs() {
    return containers.values().stream().mapToLong(ContainerInfo::firstSeenMs).min().orElse(Long.MAX_VALUE);
  }

  /** Latest row time in the file, or {@code Long.MIN_VALUE} when empty. */
  public long maxTimeMs() {
    return containers.values().stream().mapToLong(ContainerInfo::lastSeenMs).max().orElse(Long.MIN_VALUE);
  }

  static FileSummary unreadable(Path file, long sizeBytes, long modifiedMs) {
    return new FileSummary(file, sizeBytes, modifiedMs, 0, Map.of(), false);
  }

  boolean sameVersion(long size, long modified) {
    return sizeBytes == size && modifiedMs == modified;
  }
}
