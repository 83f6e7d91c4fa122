package io.fgm.flink.sink;

import io.fgm.schema.ContainerSample;
import org.apache.flink.connector.file.sink.FileSink;

/**
 * The FileSink of the raw tier: long-form Parquet in {@code dt=/node=} partitions, rolled at every checkpoint,
 * committed exactly once, and optionally compacted by FileSink's own compaction.
 *
 * <p>Without compaction every checkpoint commits one file per partition and writer subtask: data is visible after
 * one checkpoint interval, but a day holds 8,640 files per node and subtask at 10 s. With compaction every
 * {@code compactEveryCheckpoints} checkpoints (or sooner, once {@code compactBytes} are pending) the pending files of
 * a partition, from all subtasks, are rewritten into one file sorted by (metric, container, time)
 * ({@link SortingRowCompactor}): fewer, larger and much smaller files, seen up to {@code compactEveryCheckpoints + 1}
 * intervals later. Until then they sit as hidden {@code .}-files, written cheaply (staging encoding, see
 * {@link ParquetSettings#cheapStaging()}); only the compacted file gets the full encoding.
 */
public final class RawTierSink {
  private RawTierSink() {}

  /** @param compactEveryCheckpoints 0 disables compaction */
  public static FileSink<ContainerSample> create(
      String basePath, ParquetSettings parquet, int compactEveryCheckpoints, long compactBytes) {
    if (compactEveryCheckpoints > 0 && parquet.cheapStaging()) {
      return TierSinks.create(basePath, new MetricRowWriterFactory(parquet, true), new NodeDayBucketAssigner(), "part",
          compactEveryCheckpoints, compactBytes, new SortedParquetCompactor(parquet));
    }
    return TierSinks.create(basePath, new MetricRowWriterFactory(parquet), new NodeDayBucketAssigner(), "part",
        compactEveryCheckpoints, compactBytes, new SortingRowCompactor());
  }
}
