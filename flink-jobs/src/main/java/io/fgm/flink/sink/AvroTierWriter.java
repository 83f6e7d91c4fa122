package io.fgm.flink.sink;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;

/**
 * parquet-avro writer of the small tiers (findings, pods) with fgm's codec settings: rows are few, so the generic
 * Avro path is fast enough and the files carry the Avro schema for any reader. The schema travels as JSON because
 * the writer factory is serialized with the job graph.
 */
final class AvroTierWriter implements ParquetBuilder<GenericRecord> {
  private static final long serialVersionUID = 1L;
  private final String schemaJson;
  private final ParquetSettings settings;
  private transient Schema schema;

  private AvroTierWriter(Schema schema, ParquetSettings settings) {
    this.schemaJson = schema.toString();
    this.settings = settings;
  }

  /** The bulk writer factory of a FileSink writing {@code schema}'s records. */
  static ParquetWriterFactory<GenericRecord> factory(Schema schema, ParquetSettings settings) {
    return new BufferedParquetWriterFactory<>(new AvroTierWriter(schema, settings));
  }

  @Override
  public ParquetWriter<GenericRecord> createWriter(OutputFile out) throws java.io.IOException {
    if (schema == null) {
      schema = new Schema.Parser().parse(schemaJson);
    }
    org.apache.hadoop.conf.Configuration conf = ParquetSettings.hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", settings.zstdLevel());
    return AvroParquetWriter.<GenericRecord>builder(out)
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withConf(conf)
        .withCompressionCodec(settings.codec())
        .withDictionaryEncoding(true)
        .withPageSize(settings.pageBytes())
        .withRowGroupSize(settings.rowGroupBytes())
        .build();
  }
}
