package io.fgm.flink.rollup;

import io.fgm.flink.sink.ParquetSettings;
import io.fgm.schema.SampleRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rollup rows ({@link RollupRows#SCHEMA} records) straight into Parquet's record consumer. The file is what
 * parquet-avro writes for that schema (same Parquet schema converted from the Avro one, same footer keys
 * {@code parquet.avro.schema} and {@code writer.model.name=avro}; {@code RollupRowWriteSupportTest} compares them),
 * so every reader sees no difference.
 *
 * <p>Why not parquet-avro's own write support: it resolves every field of every row through Avro's generic data
 * model (unions, logical types) and encodes every string to UTF-8 again, while a container's 51 rows of a minute
 * share the same label strings and the metric names are the catalogue's: here each column remembers the
 * {@link Binary} of its strings, so a label is encoded once per container and minute, not once per row. Rollup rows
 * are about as many as raw-tier rows (51 per container-minute against 60 samples), so this is not a small tier.
 */
public final class RollupRowWriteSupport extends WriteSupport<GenericRecord> {
  /** Encoded strings remembered per column; beyond this a column's memory is dropped and refilled. */
  static final int MAX_REMEMBERED_STRINGS = 4096;

  private enum Kind { LONG, DOUBLE, STRING, OPTIONAL_STRING }

  private final Schema schema;
  private final MessageType parquetSchema;
  private final Map<String, String> footer;
  private final String[] names;
  private final Kind[] kinds;
  private final Object[] lastString;
  private final Binary[] lastBinary;
  private final List<Map<String, Binary>> remembered;
  private RecordConsumer out;
  private Schema lastEqualSchema;

  /** For flat records whose fields are longs, doubles, strings or nullable strings (the rollup row). */
  public RollupRowWriteSupport(Schema schema) {
    this.schema = schema;
    this.parquetSchema = new AvroSchemaConverter().convert(schema);
    this.footer = Map.of("parquet.avro.schema", schema.toString(), "writer.model.name", "avro");
    List<Schema.Field> fields = schema.getFields();
    names = new String[fields.size()];
    kinds = new Kind[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      names[i] = fields.get(i).name();
      kinds[i] = kindOf(fields.get(i));
    }
    lastString = new Object[names.length];
    lastBinary = new Binary[names.length];
    remembered = new java.util.ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      remembered.add(new HashMap<>());
    }
  }

  private static Kind kindOf(Schema.Field f) {
    Schema s = f.schema();
    switch (s.getType()) {
      case LONG:
        return Kind.LONG;
      case DOUBLE:
        return Kind.DOUBLE;
      case STRING:
        return Kind.STRING;
      case UNION:
        List<Schema> types = s.getTypes();
        if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL
            && types.get(1).getType() == Schema.Type.STRING) {
          return Kind.OPTIONAL_STRING;
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("field " + f.name() + " of " + s + " is not long, double or (nullable) string");
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(parquetSchema, footer);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    out = recordConsumer;
  }

  @Override
  public void write(GenericRecord r) {
    Schema rs = r.getSchema();
    if (rs != schema && rs != lastEqualSchema) {
      // Flink's Avro serializer parses its own copy of the schema: compare once per instance, not per row
      if (!rs.equals(schema)) {
        throw new IllegalArgumentException("record of " + rs.getFullName() + " given to the writer of "
            + schema.getFullName());
      }
      lastEqualSchema = rs;
    }
    out.startMessage();
    for (int i = 0; i < names.length; i++) {
      Object v = r.get(i);
      if (v == null) {
        if (kinds[i] != Kind.OPTIONAL_STRING) {
          throw new NullPointerException("null in required field " + names[i] + " of a " + schema.getName());
        }
        continue;
      }
      out.startField(names[i], i);
      switch (kinds[i]) {
        case LONG -> out.addLong(((Number) v).longValue());
        case DOUBLE -> out.addDouble(((Number) v).doubleValue());
        default -> out.addBinary(binary(i, (CharSequence) v));
      }
      out.endField(names[i], i);
    }
    out.endMessage();
  }

  private Binary binary(int field, CharSequence s) {
    if (s == lastString[field]) {
      return lastBinary[field];
    }
    Binary b;
    if (s instanceof String str) {
      Map<String, Binary> known = remembered.get(field);
      b = known.get(str);
      if (b == null) {
        if (known.size() >= MAX_REMEMBERED_STRINGS) {
          known.clear();
        }
        b = Binary.fromConstantByteArray(str.getBytes(StandardCharsets.UTF_8));
        known.put(str, b);
      }
    } else if (s instanceof Utf8 u) { // read back by the compactor: a fresh Utf8 per record
      b = Binary.fromConstantByteArray(java.util.Arrays.copyOf(u.getBytes(), u.getByteLength()));
    } else {
      b = Binary.fromConstantByteArray(s.toString().getBytes(StandardCharsets.UTF_8));
    }
    lastString[field] = s;
    lastBinary[field] = b;
    return b;
  }

  /**
   * A writer of rollup rows with the rollup tier's settings (what {@code ParquetSettings.openRollups} gives with
   * parquet-avro): dictionary for every column, doubles falling back to BYTE_STREAM_SPLIT, a bloom filter on
   * {@code l_container_id}.
   */
  public static ParquetWriter<GenericRecord> open(OutputFile out, Schema schema, ParquetSettings settings)
      throws IOException {
    Configuration conf = ParquetSettings.hadoopConf();
    conf.setInt("parquet.compression.codec.zstd.level", settings.zstdLevel());
    return new Builder(out, schema)
        .withConf(conf)
        .withCompressionCodec(settings.codec())
        .withDictionaryEncoding(true)
        .withByteStreamSplitEncoding(true)
        .withBloomFilterEnabled(SampleRows.CONTAINER_ID, true)
        .withRowGroupSize(settings.rowGroupBytes())
        .withPageSize(settings.pageBytes())
        .withWriterVersion(settings.writerV2() ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0)
        .build();
  }

  private static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {
    private final Schema schema;

    Builder(OutputFile file, Schema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
      return new RollupRowWriteSupport(schema);
    }
  }
}
