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
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.bytestreamsplit.ByteStreamSplitValuesWriter;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.factory.DefaultV1ValuesWriterFactory;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

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

  /** How one metric column's values (scaled 64-bit integers or doubles, {@link Metric#decimals()}) are encoded. */
  public enum MetricEncoding {
    /** Plain 8-byte values: ZSTD finds repeated values whole. */
    PLAIN(false, false, false),
    /** Dictionary (falls back to plain when the dictionary grows too large): for columns with few distinct values. */
    DICTIONARY(true, false, false),
    /** BYTE_STREAM_SPLIT: bytes of the same significance together; for noisy series. */
    BYTE_STREAM_SPLIT(false, true, false),
    /** Dictionary, falling back to BYTE_STREAM_SPLIT. */
    DICTIONARY_OR_BYTE_STREAM_SPLIT(true, true, false),
    /**
     * DELTA_BINARY_PACKED for integer columns (differences of consecutive values, bit-packed per block): for
     * counters, whose differences are small; a double column falls back to PLAIN (Parquet has no delta encoding for
     * doubles).
     */
    DELTA(false, false, true);

    final boolean dictionary;
    final boolean byteStreamSplit;
    final boolean delta;

    MetricEncoding(boolean dictionary, boolean byteStreamSplit, boolean delta) {
      this.dictionary = dictionary;
      this.byteStreamSplit = byteStreamSplit;
      this.delta = delta;
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
   * 2026-11-25, with counters, gauges and decimal rates stored as scaled integers: BYTE_STREAM_SPLIT for the
   * counters and rates that change every second, a dictionary for the columns that are mostly 0 or constant.
   */
  private static final Map<String, MetricEncoding> MEASURED = measured();

  private static Map<String, MetricEncoding> measured() {
    Map<String, MetricEncoding> m = new HashMap<>();
    for (Metric x : new Metric[] {Metric.CPU_USAGE_US, Metric.CPU_USER_US, Metric.CPU_SYSTEM_US,
        Metric.CPU_NR_PERIODS, Metric.CPU_NR_THROTTLED, Metric.MEMORY_FILE_BYTES, Metric.MEMORY_PGFAULT,
        Metric.MEMORY_PGMAJFAULT, Metric.MEMORY_WORKINGSET_REFAULT, Metric.IO_WRITE_OPS, Metric.PSI_CPU_SOME_AVG10,
        Metric.PSI_CPU_SOME_TOTAL_US, Metric.PSI_CPU_FULL_TOTAL_US, Metric.PSI_IO_SOME_TOTAL_US,
        Metric.CPU_USAGE_MILLICORES, Metric.CPU_USER_MILLICORES, Metric.CPU_SYSTEM_MILLICORES}) {
      m.put(SampleRows.column(x), MetricEncoding.BYTE_STREAM_SPLIT);
    }
    for (Metric x : new Metric[] {Metric.PIDS_CURRENT, Metric.CPU_THROTTLED_RATIO, Metric.CPU_THROTTLED_US_PER_S,
        Metric.IO_WRITE_BYTES_PER_S, Metric.IO_WRITE_OPS_PER_S, Metric.MEMORY_PGFAULT_PER_S}) {
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
        // Parquet 1.15's size statistics (level histograms, unencoded sizes per page and chunk) are for readers
        // that plan memory by them; fgm's readers do not, and they grew a one-minute file's footer by ~10 %.
        .withSizeStatisticsEnabled(false)
        .withRowGroupSize(rowGroupBytes)
        .withPageSize(pageBytes)
        .withWriterVersion(writerV2 ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0);
    b.withByteStreamSplitEncoding(metricEncoding.byteStreamSplit);
    Map<String, MetricEncoding> integerColumns = new HashMap<>();
    for (Metric m : Metric.values()) {
      MetricEncoding e = encodingOf(m);
      b.withDictionaryEncoding(SampleRows.column(m), e.dictionary);
      if (m.decimals() != Metric.FLOATING) {
        integerColumns.put(SampleRows.column(m), e);
      } else if (e.byteStreamSplit != metricEncoding.byteStreamSplit) {
        encodingProperties(b).withByteStreamSplitEncoding(SampleRows.column(m), e.byteStreamSplit);
      }
    }
    encodingProperties(b).withValuesWriterFactory(new IntegerColumnsWriterFactory(
        writerV2 ? new DefaultV2ValuesWriterFactory() : new DefaultV1ValuesWriterFactory(), integerColumns));
    if (containerBloomFilter) {
      b.withBloomFilterEnabled(SampleRows.CONTAINER_ID, true);
    }
    return b.build();
  }

  /**
   * The writer builder's encoding properties. parquet-java 1.15 has the per-column BYTE_STREAM_SPLIT switch and the
   * values-writer factory only on {@code ParquetProperties.Builder}, which {@code ParquetWriter.Builder} keeps
   * private (it exposes only the global switch); {@code ParquetSettingsTest} checks the encodings in written files,
   * so a parquet-java upgrade that moves the field fails there, not silently.
   */
  private static ParquetProperties.Builder encodingProperties(ParquetWriter.Builder<?, ?> b) {
    try {
      java.lang.reflect.Field f = ParquetWriter.Builder.class.getDeclaredField("encodingPropsBuilder");
      f.setAccessible(true);
      return (ParquetProperties.Builder) f.get(b);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set per-column encodings with this parquet-java", e);
    }
  }

  /**
   * Parquet's default values writers, except for the integer metric columns, which get their {@link MetricEncoding}
   * here: parquet-java chooses DELTA_BINARY_PACKED only for every integer column of a v2 file at once and
   * BYTE_STREAM_SPLIT of integers only for every column at once ("extended" mode), while EncodingStudy shows the
   * best choice differs by column. (A dictionary is Parquet's own wrapper around these writers, set per column.)
   */
  private static final class IntegerColumnsWriterFactory implements ValuesWriterFactory {
    private final ValuesWriterFactory defaults;
    private final Map<String, MetricEncoding> encodings;
    private ParquetProperties properties;

    IntegerColumnsWriterFactory(ValuesWriterFactory defaults, Map<String, MetricEncoding> encodings) {
      this.defaults = defaults;
      this.encodings = Map.copyOf(encodings);
    }

    @Override
    public void initialize(ParquetProperties p) {
      properties = p;
      defaults.initialize(p);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor c) {
      MetricEncoding e = c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64
          && c.getPath().length == 1 ? encodings.get(c.getPath()[0]) : null;
      if (e == null || e.dictionary || !(e.delta || e.byteStreamSplit)) {
        return defaults.newValuesWriter(c); // plain, or a dictionary falling back to plain
      }
      int slab = properties.getInitialSlabSize();
      int page = properties.getPageSizeThreshold();
      return e.delta
          ? new DeltaBinaryPackingValuesWriterForLong(slab, page, properties.getAllocator())
          : new ByteStreamSplitValuesWriter.LongByteStreamSplitValuesWriter(slab, page, properties.getAllocator());
    }
  }

  /**
   * A writer of the Parquet staging files the job wrote before 2026-11-25 (since then {@link StagingRows}): the same
   * schema and footer as the final files, but encoded as cheaply as Parquet allows (plain encoding, no dictionary,
   * no min/max or size statistics, no bloom filter, no page checksums, ZSTD level {@value #STAGING_ZSTD_LEVEL}).
   * Kept because checkpoints taken before then still hold such files, which the compactor must read: tests write
   * them with this, and {@code WritePathBench} compares both staging formats.
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
