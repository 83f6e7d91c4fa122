package io.fgm.flink.sink;

import io.fgm.schema.PartitionPath;
import io.fgm.schema.Schemas;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;

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
    return TierSinks.create(basePath, new ParquetWriterFactory<>(new PodsParquetBuilder(parquet)),
        new PodDayBucketAssigner(), "pods", compactEveryCheckpoints, compactBytes,
        new RecordWiseFileCompactor<>(new GenericRowReader.Factory()));
  }

  /** parquet-avro writer of pod metadata with fgm's codec settings. */
  static final class PodsParquetBuilder implements ParquetBuilder<GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final ParquetSettings settings;

    PodsParquetBuilder(ParquetSettings settings) {
      this.settings = settings;
    }

    @Override
    public ParquetWriter<GenericRecord> createWriter(OutputFile out) throws java.io.IOException {
      org.apache.hadoop.conf.Configuration conf = ParquetSettings.hadoopConf();
      conf.setInt("parquet.compression.codec.zstd.level", settings.zstdLevel());
      return AvroParquetWriter.<GenericRecord>builder(out)
          .withSchema(Schemas.POD_METADATA_V1)
          .withDataModel(GenericData.get())
          .withConf(conf)
          .withCompressionCodec(settings.codec())
          .withDictionaryEncoding(true)
          .withPageSize(settings.pageBytes())
          .withRowGroupSize(settings.rowGroupBytes())
          .build();
    }
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
