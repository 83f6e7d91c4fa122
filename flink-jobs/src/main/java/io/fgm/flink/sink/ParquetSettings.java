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
 * How fgm writes its Parquet files: ZSTD, dictionary encoding on (except, optionally, for the {@code value}
 * column), and a bloom filter on {@code l_container_id} so that a reader looking for one container skips row groups
 * without it (Parquet writes it only when the column's dictionary overflows; a complete dictionary is already an
 * exact filter).
 *
 * @param codec compression codec (ZSTD unless measuring)
 * @param zstdLevel ZSTD level; 3 is zstd's default balance of speed and size
 * @param rowGroupBytes row group size; files roll at every checkpoint, so most files hold one row group
 * @param pageBytes page size; smaller pages give finer min/max skipping inside a row group
 * @param valueDictionary dictionary-encode the {@code value} column: worth it only when values repeat a lot
 * @param byteStreamSplit BYTE_STREAM_SPLIT for doubles that are not dictionary-encoded: groups the bytes of the
 *     same significance together, which ZSTD compresses much better for slowly changing series
 * @param writerV2 Parquet v2 data pages (delta encodings for the time column)
 * @param cheapStaging with compaction on, write the files that only wait to be compacted with
 *     {@link #openStagingRows} (no dictionary, statistics or bloom filter, ZSTD level 1) and let the compactor
 *     ({@link SortedParquetCompactor}) write the final file with these settings; off: every file is written with
 *     these settings and compacted through Avro records ({@link SortingRowCompactor}), as before 2026-11-25
 */
public record ParquetSettings(
    CompressionCodecName codec,
    int zstdLevel,
    long rowGroupBytes,
    int pageBytes,
    boolean valueDictionary,
    boolean byteStreamSplit,
    boolean writerV2,
    boolean cheapStaging)
    implements Serializable {

  /** ZSTD level of staging files: level 1 is several times faster than 3; the files live one compaction. */
  static final int STAGING_ZSTD_LEVEL = 1;

  public static ParquetSettings defaults() {
    // Measured on the synthetic fleet (IngestBenchmark): value dictionary → BYTE_STREAM_SPLIT took compacted files
    // from 1.39 to 1.06 bytes per value; v2 pages and ZSTD level 9 changed nothing measurable. 2026-11-25
    // (EncodingStudy, one compaction unit of 100 containers × 60 s): plain doubles beat BYTE_STREAM_SPLIT once the
    // rows are sorted by series (ZSTD finds the repeated 8-byte values of constant stretches whole): 0.971 vs 1.022
    // B/value on the noisy fleet, 0.748 vs 0.946 on the realistic one.
    return new ParquetSettings(CompressionCodecName.ZSTD, 3, 64L << 20, 1 << 20, false, false, false, true);
  }

  public ParquetSettings withZstdLevel(int level) {
    return new ParquetSettings(codec, level, rowGroupBytes, pageBytes, valueDictionary, byteStreamSplit, writerV2,
        cheapStaging);
  }

  public ParquetSettings withValueEncoding(boolean dictionary, boolean splitBytes) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, dictionary, splitBytes, writerV2,
        cheapStaging);
  }

  public ParquetSettings withWriterV2(boolean v2) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, valueDictionary, byteStreamSplit, v2,
        cheapStaging);
  }

  public ParquetSettings withCheapStaging(boolean cheap) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, valueDictionary, byteStreamSplit, writerV2,
        cheap);
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

  /** A writer of raw-tier rows to {@code out}, fed through a {@link RowCursor}. */
  ParquetWriter<RowCursor> openRows(OutputFile out) throws IOException {
    return configure(new MetricRowWriteSupport.Builder(out)).build();
  }

  /**
   * A writer of raw-tier rows for files that only wait for compaction: the same schema and footer, but encoded as
   * cheaply as Parquet allows (plain encoding, no dictionary, no min/max or size statistics, no bloom filter, no
   * page checksums, ZSTD level {@value #STAGING_ZSTD_LEVEL}); the compactor reads them once and writes the final
   * file with this object's settings.
   */
  ParquetWriter<RowCursor> openStagingRows(OutputFile out) throws IOException {
    org.apache.hadoop.conf.Configuration conf = hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", STAGING_ZSTD_LEVEL);
    MetricRowWriteSupport.Builder b = new MetricRowWriteSupport.Builder(out)
        .withConf(conf)
        .withCompressionCodec(codec)
        .withDictionaryEncoding(false)
        .withStatisticsEnabled(false)
        .withSizeStatisticsEnabled(false)
        .withBloomFilterEnabled(false)
        .withPageWriteChecksumEnabled(false)
        .withRowGroupSize(rowGroupBytes)
        .withPageSize(pageBytes)
        .withWriterVersion(WriterVersion.PARQUET_1_0);
    // Parquet 1.15's global withStatisticsEnabled(false) is shadowed by the per-column default (true): switch the
    // min/max statistics off column by column.
    for (org.apache.parquet.column.ColumnDescriptor c : MetricRowWriteSupport.PARQUET_SCHEMA.getColumns()) {
      b.withStatisticsEnabled(String.join(".", c.getPath()), false);
    }
    return b.build();
  }

  /** A writer of Avro rows of {@code schema} (which has an {@code l_container_id} column) with these settings. */
  public ParquetWriter<GenericRecord> open(OutputFile out, Schema schema) throws IOException {
    return configure(AvroParquetWriter.<GenericRecord>builder(out).withSchema(schema)
        .withDataModel(GenericData.get())).build();
  }

  /** A writer of raw-tier rows as Avro records ({@link MetricRows#SCHEMA}); slower than {@link #openRows}. */
  public ParquetWriter<GenericRecord> open(OutputFile out) throws IOException {
    return open(out, MetricRows.SCHEMA);
  }

  private <T, B extends ParquetWriter.Builder<T, B>> B configure(B b) {
    org.apache.hadoop.conf.Configuration conf = hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", zstdLevel);
    return b.withConf(conf)
        .withCompressionCodec(codec)
        .withDictionaryEncoding(true)
        .withDictionaryEncoding(MetricRows.VALUE, valueDictionary)
        .withByteStreamSplitEncoding(byteStreamSplit)
        .withBloomFilterEnabled(MetricRows.CONTAINER_ID, true)
        .withRowGroupSize(rowGroupBytes)
        .withPageSize(pageBytes)
        .withWriterVersion(writerV2 ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0);
  }
}
