package io.fgm.flink.sink;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.FileCompactStrategy;
import org.apache.flink.connector.file.sink.compactor.FileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The one FileSink recipe every Parquet tier (raw, rollup, findings) shares: hive buckets, files rolled and committed
 * at checkpoints (exactly-once), {@code <prefix>-*.parquet} names, and FileSink's own compaction every N checkpoints.
 */
final class TierSinks {
  private TierSinks() {}

  /**
   * @param compactEveryCheckpoints 0 disables compaction
   * @param compactor how a partition's small files are merged (used only when compaction is on)
   */
  static <T> FileSink<T> create(
      String basePath,
      BulkWriter.Factory<T> writer,
      BucketAssigner<T, String> buckets,
      String partPrefix,
      int compactEveryCheckpoints,
      long compactBytes,
      FileCompactor compactor) {
    FileSink.DefaultBulkFormatBuilder<T> b =
        FileSink.forBulkFormat(new Path(basePath), writer)
            .withBucketAssigner(buckets)
            .withRollingPolicy(OnCheckpointRollingPolicy.build())
            .withOutputFileConfig(
                OutputFileConfig.builder().withPartPrefix(partPrefix).withPartSuffix(".parquet").build());
    if (compactEveryCheckpoints > 0) {
      b.enableCompact(
          FileCompactStrategy.Builder.newBuilder()
              .enableCompactionOnCheckpoint(compactEveryCheckpoints)
              .setSizeThreshold(compactBytes)
              .build(),
          compactor);
    } else {
      b.disableCompact();
    }
    return b.build();
  }
}
