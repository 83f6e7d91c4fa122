package io.fgm.flink.sink;

import io.fgm.schema.PartitionPath;
import io.fgm.schema.Schemas;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * The FileSink of the pods tier: every pod metadata version as a row of {@link Schemas#POD_METADATA_V1}
 * (parquet-avro, ZSTD) in {@code <pods>/dt=YYYY-MM-DD/} by the version's {@code updated_ms} (the processing time when
 * the watcher left it 0), committed at checkpoints like the other tiers. Pods are cluster-wide, so there is no node
 * partition. Readers keep, per pod UID, the version with the largest {@code updated_ms}; a replay of the compacted
 * topic after a fresh start writes the same versions again, which changes no answer.
 */
public final class PodsTierSink {
  private PodsTierSink() {}

  /** @param compactEveryCheckpoints 0 disables compaction */
  public static FileSink<GenericRecord> create(
      String basePath, ParquetSettings parquet, int compactEveryCheckpoints, long compactBytes) {
    return TierSinks.create(basePath, AvroTierWriter.factory(Schemas.POD_METADATA_V1, parquet),
        new PodDayBucketAssigner(), "pods", compactEveryCheckpoints, compactBytes,
        new RecordWiseFileCompactor<>(new GenericRowReader.Factory()));
  }

  /** {@code dt=YYYY-MM-DD} of the version's {@code updated_ms}. */
  static final class PodDayBucketAssigner implements BucketAssigner<GenericRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(GenericRecord r, Context context) {
      Object updated = r.get("updated_ms");
      long ms = updated instanceof Long l && l > 0 ? l : context.currentProcessingTime();
      return "dt=" + PartitionPath.day(ms);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
