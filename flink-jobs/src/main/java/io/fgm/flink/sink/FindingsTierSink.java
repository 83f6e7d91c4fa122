package io.fgm.flink.sink;

import io.fgm.flink.findings.FindingRecords;
import io.fgm.schema.PartitionPath;
import io.fgm.schema.Schemas;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * The FileSink of the findings tier: rows of {@link Schemas#FINDING_V1} (parquet-avro, ZSTD) in
 * {@code <findings>/dt=YYYY-MM-DD/node=<node>/} by the finding's {@code start_ms}, committed at checkpoints like
 * the other tiers. A re-emitted finding (larger {@code end_ms}) is a new row with the same {@code finding_id};
 * readers keep the largest {@code end_ms}. Findings are few, so compaction (when on) merges a partition's files of
 * many checkpoints into one.
 */
public final class FindingsTierSink {
  private FindingsTierSink() {}

  /** @param compactEveryCheckpoints 0 disables compaction */
  public static FileSink<GenericRecord> create(
      String basePath, ParquetSettings parquet, int compactEveryCheckpoints, long compactBytes) {
    return TierSinks.create(basePath, AvroTierWriter.factory(Schemas.FINDING_V1, parquet),
        new FindingBucketAssigner(), "findings", compactEveryCheckpoints, compactBytes,
        new RecordWiseFileCompactor<>(new GenericRowReader.Factory()));
  }

  /** {@code dt=YYYY-MM-DD/node=<node>} of the finding's start. */
  static final class FindingBucketAssigner implements BucketAssigner<GenericRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(GenericRecord r, Context context) {
      return PartitionPath.of(FindingRecords.startMs(r), FindingRecords.node(r));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
