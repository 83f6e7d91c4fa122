package io.fgm.flink.findings;

import io.fgm.schema.Schemas;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;

/**
 * Findings travel between operators as Avro records of {@link Schemas#FINDING_V1} ({@code FindingCodec.toRecord}):
 * Flink serializes them with Avro rather than Kryo, and the Parquet sink writes them as they are.
 */
public final class FindingRecords {
  private FindingRecords() {}

  public static GenericRecordAvroTypeInfo typeInfo() {
    return new GenericRecordAvroTypeInfo(Schemas.FINDING_V1);
  }

  public static long startMs(GenericRecord r) {
    return (Long) r.get("start_ms");
  }

  public static String node(GenericRecord r) {
    return r.get("node").toString();
  }

  public static String containerId(GenericRecord r) {
    return r.get("container_id").toString();
  }
}
