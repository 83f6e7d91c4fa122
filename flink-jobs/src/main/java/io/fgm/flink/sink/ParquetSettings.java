package io.fgm.flink.sink;

import io.fgm.schema.MetricRows;
import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * How fgm writes its long-form Parquet files ({@link MetricRows#SCHEMA}): ZSTD, dictionary encoding on, and a bloom
 * filter on {@code l_container_id} so that a reader looking for one container skips row groups without it.
 *
 * @param codec compression codec (ZSTD unless measuring)
 * @param zstdLevel ZSTD level; 3 is zstd's default balance of speed and size
 * @param rowGroupBytes row group size; files roll at every checkpoint, so most files hold one row group
 * @param pageBytes page size; smaller pages give finer min/max skipping inside a row group
 */
public record ParquetSettings(CompressionCodecName codec, int zstdLevel, long rowGroupBytes, int pageBytes)
    implements Serializable {

  public static ParquetSettings defaults() {
    return new ParquetSettings(CompressionCodecName.ZSTD, 3, 64L << 20, 1 << 20);
  }

  /**
   * A Hadoop configuration without default resources and bound to fgm's own class loader. Parquet caches codec
   * instances JVM-wide together with the configuration they were created with; one that captured a job's user-code
   * class loader (the thread's context loader) would fail once that job ended ("Trying to access closed
   * classloader") and a later job in the same JVM reused the codec.
   */
  public static org.apache.hadoop.conf.Configuration hadoopConf() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.setClassLoader(ParquetSettings.class.getClassLoader());
    return conf;
  }

  /** A writer of raw-tier metric rows ({@link MetricRows#SCHEMA}) to {@code out} with these settings. */
  public ParquetWriter<GenericRecord> open(OutputFile out) throws IOException {
    return open(out, MetricRows.SCHEMA);
  }

  /** A writer of rows of {@code schema} (which has an {@code l_container_id} column) with these settings. */
  public ParquetWriter<GenericRecord> open(OutputFile out, Schema schema) throws IOException {
    org.apache.hadoop.conf.Configuration conf = hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", zstdLevel);
    return AvroParquetWriter.<GenericRecord>builder(out)
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withConf(conf)
        .withCompressionCodec(codec)
        .withDictionaryEncoding(true)
        .withBloomFilterEnabled(MetricRows.CONTAINER_ID, true)
        .withRowGroupSize(rowGroupBytes)
        .withPageSize(pageBytes)
        .withWriterVersion(WriterVersion.PARQUET_1_0)
        .build();
  }
}
