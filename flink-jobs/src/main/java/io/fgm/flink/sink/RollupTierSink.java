package io.fgm.flink.sink;

import io.fgm.flink.rollup.RollupRowWriteSupport;
import io.fgm.flink.rollup.RollupRows;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;

/**
 * The FileSink of the 1-minute rollup tier ({@link RollupRows}): same partitions, codec and commit protocol as the
 * raw tier ({@link RawTierSink}), under its own base path. Rollups are ~60 times smaller than the raw tier, so
 * they are compacted over more checkpoints by default.
 */
public final class RollupTierSink {
  private RollupTierSink() {}

  /** @param compactEveryCheckpoints 0 disables compaction */
  public static FileSink<GenericRecord> create(
      String basePath, ParquetSettings parquet, int compactEveryCheckpoints, long compactBytes) {
    return TierSinks.create(basePath, new BufferedParquetWriterFactory<>(new RollupParquetBuilder(parquet)),
        new RollupBucketAssigner(), "rollup", compactEveryCheckpoints, compactBytes,
        new RecordWiseFileCompactor<>(new GenericRowReader.Factory()));
  }

  /** Builds the Parquet writer of rollup rows with fgm's settings (ZSTD, dictionary, bloom filter). */
  static final class RollupParquetBuilder implements ParquetBuilder<GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final ParquetSettings settings;

    RollupParquetBuilder(ParquetSettings settings) {
      this.settings = settings;
    }

    @Override
    public ParquetWriter<GenericRecord> createWriter(OutputFile out) throws java.io.IOException {
      // the same file as settings.openRollups (parquet-avro) writes, for less CPU per row (RollupRowWriteSupport)
      return RollupRowWriteSupport.open(out, RollupRows.SCHEMA, settings);
    }
  }

  /** {@code dt=YYYY-MM-DD/node=<node>} of the rollup's minute. */
  static final class RollupBucketAssigner implements BucketAssigner<GenericRecord, String> {
    private static final long serialVersionUID = 1L;
    private transient PartitionCache partitions;

    @Override
    public String getBucketId(GenericRecord r, Context context) {
      if (partitions == null) {
        partitions = new PartitionCache();
      }
      return partitions.of((Long) r.get(RollupRows.TIME), r.get(RollupRows.NODE_NAME).toString());
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
