package io.fgm.flink.sink;

import io.fgm.schema.ContainerSample;
import org.apache.flink.connector.file.sink.FileSink;

/**
 * The FileSink of the raw tier: one wide row per sample ({@link io.fgm.schema.SampleRows}) in {@code dt=/node=}
 * partitions, rolled at every checkpoint, committed exactly once, and optionally compacted by FileSink's own
 * compaction.
 *
 * <p>Without compaction every checkpoint commits one file per partition and writer subtask, with the final
 * encoding: data is visible after one checkpoint interval, but a day holds 8,640 files per node and subtask at 10 s.
 * With compaction every {@code compactEveryCheckpoints} checkpoints (or sooner, once {@code compactBytes} are
 * pending) the pending files of a partition, from all subtasks, are rewritten into one file sorted by (container,
 * node, time) ({@link SampleRowCompactor}): fewer, larger and much smaller files, seen up to
 * {@code compactEveryCheckpoints + 1} intervals later. Until then they sit as hidden {@code .}-files, written
 * cheaply (staging encoding, {@link ParquetSettings#openStagingSamples}); only the compacted file gets the full
 * encoding.
 */
public final class RawTierSink {
  private RawTierSink() {}

  /** @param compactEveryCheckpoints 0 disables compaction */
  public static FileSink<ContainerSample> create(
      String basePath, ParquetSettings parquet, int compactEveryCheckpoints, long compactBytes) {
    boolean staging = compactEveryCheckpoints > 0;
    return TierSinks.create(basePath, new SampleRowWriterFactory(parquet, staging), new NodeDayBucketAssigner(),
        "part", compactEveryCheckpoints, compactBytes, new SampleRowCompactor(parquet));
  }
}
