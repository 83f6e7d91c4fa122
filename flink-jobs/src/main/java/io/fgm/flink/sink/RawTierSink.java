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
 * {@code compactEveryCheckpoints + 1} intervals later. Until then they sit as hidden {@code .}-files in fgm's
 * staging row format ({@link StagingRows}), not Parquet; only the compacted file is Parquet, with the full encoding.
 *
 * <p>Why no staging file is ever committed visibly as it is, which would put a non-Parquet {@code .parquet} file
 * before readers (checked in Flink 2.2's {@code CompactCoordinator} and {@code CompactService}): with compaction on,
 * FileSink writes every part file under a {@code .}-prefixed name; {@code CompactCoordinator} passes a pending file
 * through uncompacted only if its name does not start with {@code .} or its size is unknown (&lt; 0, committables
 * from state of Flink versions before sizes were recorded; {@code OutputStreamBasedPartFileWriter} records the
 * stream position), and a passed-through file is committed under its own, still hidden name; every other pending
 * file goes into a {@code CompactorRequest} whose files {@code CompactService} hands to {@link SampleRowCompactor},
 * also at end of input. The one path that would copy a staging file byte for byte into a visible
 * {@code compacted-…} file is FileSink's {@code CompactorOperatorStateHandler} ({@code IdenticalFileCompactor}),
 * used when a job restored from a checkpoint taken with compaction on runs with compaction off: stop such a job
 * with {@code stop --drain} (end of input compacts every pending file) before switching compaction off.
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
