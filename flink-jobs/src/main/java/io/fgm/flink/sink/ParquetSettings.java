package io.fgm.flink.sink;

import io.fgm.schema.Metric;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * How fgm writes its Parquet files: ZSTD, dictionary encoding for the label columns, a per-column encoding of the raw
 * tier's metric columns ({@link MetricEncoding}), and optionally a bloom filter on {@code l_container_id} so that a
 * reader looking for one container skips row groups without it (Parquet writes it only when the column's dictionary
 * overflows; a complete dictionary is already an exact filter).
 *
 * @param codec compression codec (ZSTD unless measuring)
 * @param zstdLevel ZSTD level of the final files
 * @param rowGroupBytes row group size; a compacted file of one partition's minute is far below it (one row group)
 * @param pageBytes page size
 * @param writerV2 Parquet v2 data pages
 * @param metricEncoding encoding of every metric column not in {@code metricEncodings}
 * @param metricEncodings per metric column (by {@link SampleRows#column} name) encodings that differ from the default
 * @param containerBloomFilter bloom filter on {@code l_container_id}
 */
public record ParquetSettings(
    CompressionCodecName codec,
    int zstdLevel,
    long rowGroupBytes,
    int pageBytes,
    boolean writerV2,
    MetricEncoding metricEncoding,
    Map<String, MetricEncoding> metricEncodings,
    boolean containerBloomFilter)
    implements Serializable {

  /** How one metric column's doubles are encoded before ZSTD. */
  public enum MetricEncoding {
    /** Plain 8-byte doubles: ZSTD finds repeated values whole. */
    PLAIN(false, false),
    /** Dictionary (falls back to plain when the dictionary grows too large): for columns with few distinct values. */
    DICTIONARY(true, false),
    /** BYTE_STREAM_SPLIT: bytes of the same significance together; for noisy series. */
    BYTE_STREAM_SPLIT(false, true),
    /** Dictionary, falling back to BYTE_STREAM_SPLIT. */
    DICTIONARY_OR_BYTE_STREAM_SPLIT(true, true);

    final boolean dictionary;
    final boolean byteStreamSplit;

    MetricEncoding(boolean dictionary, boolean byteStreamSplit) {
      this.dictionary = dictionary;
      this.byteStreamSplit = byteStreamSplit;
    }
  }

  /** ZSTD level of staging files: level 1 is several times faster than 3; the files live one compaction. */
  static final int STAGING_ZSTD_LEVEL = 1;

  public ParquetSettings {
    metricEncodings = Map.copyOf(metricEncodings);
    for (String column : metricEncodings.keySet()) {
      if (SampleRows.metricOf(column).isEmpty()) {
        throw new IllegalArgumentException("not a metric column of the raw tier: " + column);
      }
    }
  }

  /**
   * The metric columns that are not PLAIN by default, chosen per column by {@code EncodingStudy} (test sources) as
   * the smallest sum over the noisy and the realistic fleet (one compaction unit of 100 containers × 60 s each),
   * 2026-11-25: BYTE_STREAM_SPLIT for the noisy counters, a dictionary for the columns that are mostly 0.
   */
  private static final Map<String, MetricEncoding> MEASURED = measured();

  private static Map<String, MetricEncoding> measured() {
    Map<String, MetricEncoding> m = new HashMap<>();
    for (Metric x : new Metric[] {Metric.CPU_USAGE_US, Metric.CPU_USER_US, Metric.CPU_SYSTEM_US,
        Metric.CPU_NR_PERIODS, Metric.CPU_NR_THROTTLED, Metric.MEMORY_FILE_BYTES, Metric.MEMORY_PGFAULT,
        Metric.PIDS_CURRENT, Metric.PSI_CPU_SOME_TOTAL_US, Metric.PSI_CPU_FULL_TOTAL_US}) {
      m.put(SampleRows.column(x), MetricEncoding.BYTE_STREAM_SPLIT);
    }
    for (Metric x : new Metric[] {Metric.MEMORY_PGMAJFAULT, Metric.PSI_CPU_SOME_AVG10, Metric.CPU_THROTTLED_RATIO,
        Metric.CPU_THROTTLED_US_PER_S, Metric.IO_WRITE_BYTES_PER_S, Metric.IO_WRITE_OPS_PER_S,
        Metric.MEMORY_PGFAULT_PER_S}) {
      m.put(SampleRows.column(x), MetricEncoding.DICTIONARY);
    }
    return Map.copyOf(m);
  }

  public static ParquetSettings defaults() {
    // EncodingStudy, 2026-11-25 (README "Encodings and bytes per value"): PLAIN for most metric columns (sorted by
    // container and time, ZSTD finds the repeated 8-byte values of constant stretches whole), MEASURED for the rest;
    // ZSTD 3 (9 saves 3 % for ~1.5x the compaction time); 1 MiB pages (64 KiB: +1 %); v1 pages (v2: no change); no
    // bloom filter (a compacted file holds one node's containers, whose ids always fit the dictionary, so Parquet
    // never wrote one).
    return new ParquetSettings(CompressionCodecName.ZSTD, 3, 64L << 20, 1 << 20, false, MetricEncoding.PLAIN,
        MEASURED, false);
  }

  public ParquetSettings withZstdLevel(int level) {
    return new ParquetSettings(codec, level, rowGroupBytes, pageBytes, writerV2, metricEncoding, metricEncodings,
        containerBloomFilter);
  }

  public ParquetSettings withPageBytes(int bytes) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, bytes, writerV2, metricEncoding, metricEncodings,
        containerBloomFilter);
  }

  public ParquetSettings withWriterV2(boolean v2) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, v2, metricEncoding, metricEncodings,
        containerBloomFilter);
  }

  /** Every metric column encoded with {@code e} (per-column choices dropped). */
  public ParquetSettings withMetricEncoding(MetricEncoding e) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, writerV2, e, Map.of(),
        containerBloomFilter);
  }

  /** {@code metric}'s column encoded with {@code e}. */
  public ParquetSettings withMetricEncoding(Metric metric, MetricEncoding e) {
    Map<String, MetricEncoding> m = new HashMap<>(metricEncodings);
    m.put(SampleRows.column(metric), e);
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, writerV2, metricEncoding, m,
        containerBloomFilter);
  }

  public ParquetSettings withContainerBloomFilter(boolean on) {
    return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, writerV2, metricEncoding, metricEncodings,
        on);
  }

  /** The encoding of {@code metric}'s column. */
  public MetricEncoding encodingOf(Metric metric) {
    return metricEncodings.getOrDefault(SampleRows.column(metric), metricEncoding);
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

  /** A writer of final raw-tier files ({@link SampleRows#SCHEMA}) with these settings. */
  ParquetWriter<SampleRow> openSamples(OutputFile out) throws IOException {
    org.apache.hadoop.conf.Configuration conf = hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", zstdLevel);
    SampleRowWriteSupport.Builder b = new SampleRowWriteSupport.Builder(out)
        .withConf(conf)
        .withCompressionCodec(codec)
        .withDictionaryEncoding(true)
        .withRowGroupSize(rowGroupBytes)
        .withPageSize(pageBytes)
        .withWriterVersion(writerV2 ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0);
    b.withByteStreamSplitEncoding(metricEncoding.byteStreamSplit);
    for (Metric m : Metric.values()) {
      MetricEncoding e = encodingOf(m);
      b.withDictionaryEncoding(SampleRows.column(m), e.dictionary);
      if (e.byteStreamSplit != metricEncoding.byteStreamSplit) {
        byteStreamSplit(b, SampleRows.column(m), e.byteStreamSplit);
      }
    }
    if (containerBloomFilter) {
      b.withBloomFilterEnabled(SampleRows.CONTAINER_ID, true);
    }
    return b.build();
  }

  /**
   * Sets BYTE_STREAM_SPLIT for one column. parquet-java 1.15 has the per-column switch only on
   * {@code ParquetProperties.Builder}, which {@code ParquetWriter.Builder} keeps private (it exposes only the global
   * one); {@code ParquetSettingsTest} checks the encoding in written files, so a parquet-java upgrade that moves the
   * field fails there, not silently.
   */
  private static void byteStreamSplit(ParquetWriter.Builder<?, ?> b, String column, boolean on) {
    try {
      java.lang.reflect.Field f = ParquetWriter.Builder.class.getDeclaredField("encodingPropsBuilder");
      f.setAccessible(true);
      ((org.apache.parquet.column.ParquetProperties.Builder) f.get(b)).withByteStreamSplitEncoding(column, on);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set BYTE_STREAM_SPLIT per column with this parquet-java", e);
    }
  }

  /**
   * A writer of raw-tier files that only wait for compaction: the same schema and footer, but encoded as cheaply as
   * Parquet allows (plain encoding, no dictionary, no min/max or size statistics, no bloom filter, no page
   * checksums, ZSTD level {@value #STAGING_ZSTD_LEVEL}); the compactor reads them once and writes the final file
   * with this object's settings.
   */
  ParquetWriter<SampleRow> openStagingSamples(OutputFile out) throws IOException {
    org.apache.hadoop.conf.Configuration conf = hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", STAGING_ZSTD_LEVEL);
    SampleRowWriteSupport.Builder b = new SampleRowWriteSupport.Builder(out)
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
    for (org.apache.parquet.column.ColumnDescriptor c : SampleRowWriteSupport.PARQUET_SCHEMA.getColumns()) {
      b.withStatisticsEnabled(String.join(".", c.getPath()), false);
    }
    return b.build();
  }

  /**
   * A writer of Avro rows of {@code schema} (the 1-minute rollup tier): dictionary for every column, doubles falling
   * back to BYTE_STREAM_SPLIT, a bloom filter on {@code l_container_id}.
   */
  public ParquetWriter<GenericRecord> openRollups(OutputFile out, Schema schema) throws IOException {
    org.apache.hadoop.conf.Configuration conf = hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", zstdLevel);
    return AvroParquetWriter.<GenericRecord>builder(out).withSchema(schema).withDataModel(GenericData.get())
        .withConf(conf)
        .withCompressionCodec(codec)
        .withDictionaryEncoding(true)
        .withByteStreamSplitEncoding(true)
        .withBloomFilterEnabled(SampleRows.CONTAINER_ID, true)
        .withRowGroupSize(rowGroupBytes)
        .withPageSize(pageBytes)
        .withWriterVersion(writerV2 ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0)
        .build();
  }
}
