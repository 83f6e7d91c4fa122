package io.fgm.flink.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.sink.ParquetSettings;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.QosClass;
import io.fgm.schema.Schemas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RollupRowWriteSupport} writes the file parquet-avro writes for the rollup schema (what
 * {@code ParquetSettings.openRollups} gives): same Parquet schema, footer, encodings and rows.
 */
public class RollupRowWriteSupportTest {
  @TempDir Path dir;

  /** Rows of 3 containers on 2 nodes, names known for some, over 2 minutes; labels as Strings or Utf8. */
  public static List<GenericRecord> rows() {
    Random rnd = new Random(3);
    List<GenericRecord> rows = new ArrayList<>();
    String[] metrics = {"cpu.usage_millicores", "memory.working_set_bytes", "io.read_bytes_per_s", "pids.current"};
    for (long minute = 0; minute < 2; minute++) {
      for (int c = 0; c < 3; c++) {
        ContainerRef ref = ContainerRef.of("cid-" + c, c == 2 ? null : "uid-" + c, QosClass.BURSTABLE, "/kp/" + c);
        if (c == 0) {
          ref = ref.withNames("pod-0", "ns", "app");
        }
        for (String m : metrics) {
          double[] stats = {rnd.nextDouble(), 10 + rnd.nextDouble(), 6 * rnd.nextDouble(), 1 + rnd.nextInt(60),
              rnd.nextInt(1000), 0};
          GenericRecord r = RollupRows.row(1_767_225_600_000L + minute * 60_000, m, stats, "node-" + (c % 2), ref);
          if (c == 1 && minute == 1) { // as the compactor reads them back: Utf8, not String
            for (int i = 0; i < r.getSchema().getFields().size(); i++) {
              if (r.get(i) instanceof String s) {
                r.put(i, new Utf8(s));
              }
            }
          }
          rows.add(r);
        }
      }
    }
    return rows;
  }

  private Path write(String name, boolean direct, List<GenericRecord> rows) throws IOException {
    Path f = dir.resolve(name);
    ParquetSettings settings = ParquetSettings.defaults();
    try (ParquetWriter<GenericRecord> w = direct
        ? RollupRowWriteSupport.open(new LocalOutputFile(f), RollupRows.SCHEMA, settings)
        : settings.openRollups(new LocalOutputFile(f), RollupRows.SCHEMA)) {
      for (GenericRecord r : rows) {
        w.write(r);
      }
    }
    return f;
  }

  private static List<GenericRecord> read(Path f) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f))
        .withDataModel(GenericData.get()).withConf(ParquetSettings.hadoopConf()).build()) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        out.add(g);
      }
    }
    return out;
  }

  @Test
  void writesTheSameFileAsParquetAvroForTheRollupSchema() throws IOException {
    List<GenericRecord> rows = rows();
    Path avro = write("avro.parquet", false, rows);
    Path direct = write("direct.parquet", true, rows);
    try (ParquetFileReader a = ParquetFileReader.open(new LocalInputFile(avro));
        ParquetFileReader d = ParquetFileReader.open(new LocalInputFile(direct))) {
      ParquetMetadata fa = a.getFooter();
      ParquetMetadata fd = d.getFooter();
      assertEquals(fa.getFileMetaData().getSchema(), fd.getFileMetaData().getSchema());
      assertEquals(fa.getFileMetaData().getKeyValueMetaData(), fd.getFileMetaData().getKeyValueMetaData());
      assertEquals(fa.getBlocks().size(), fd.getBlocks().size());
      for (int b = 0; b < fa.getBlocks().size(); b++) {
        BlockMetaData ba = fa.getBlocks().get(b);
        BlockMetaData bd = fd.getBlocks().get(b);
        assertEquals(ba.getRowCount(), bd.getRowCount());
        for (int c = 0; c < ba.getColumns().size(); c++) {
          ColumnChunkMetaData ca = ba.getColumns().get(c);
          ColumnChunkMetaData cd = bd.getColumns().get(c);
          assertEquals(ca.getPath(), cd.getPath());
          assertEquals(ca.getEncodings(), cd.getEncodings(), ca.getPath().toDotString());
          assertEquals(ca.getCodec(), cd.getCodec());
          assertEquals(ca.getStatistics(), cd.getStatistics(), ca.getPath().toDotString());
          assertEquals(ca.getBloomFilterOffset() >= 0, cd.getBloomFilterOffset() >= 0, ca.getPath().toDotString());
        }
      }
      ColumnChunkMetaData container = fd.getBlocks().get(0).getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(RollupRows.CONTAINER_ID)).findFirst().orElseThrow();
      assertTrue(container.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
          || container.getEncodings().contains(Encoding.RLE_DICTIONARY), "dictionary on l_container_id");
    }
    List<GenericRecord> fromAvro = read(avro);
    List<GenericRecord> fromDirect = read(direct);
    assertEquals(rows.size(), fromDirect.size());
    assertEquals(fromAvro, fromDirect);
    assertEquals(null, fromDirect.get(8).get("l_pod_uid")); // container 2 has no pod UID
    assertNotNull(fromDirect.get(0).get("l_pod_name"));
  }

  @Test
  void rejectsARecordOfAnotherSchemaAndANullInARequiredField() throws IOException {
    GenericRecord finding = new GenericData.Record(Schemas.FINDING_V1);
    Path f = dir.resolve("bad.parquet");
    try (ParquetWriter<GenericRecord> w =
        RollupRowWriteSupport.open(new LocalOutputFile(f), RollupRows.SCHEMA, ParquetSettings.defaults())) {
      IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> w.write(finding));
      assertTrue(wrong.getMessage().contains(Schemas.FINDING_V1.getFullName()), wrong.getMessage());
      GenericRecord noNode = rows().get(0);
      noNode.put(RollupRows.NODE_NAME, null);
      NullPointerException npe = assertThrows(NullPointerException.class, () -> w.write(noNode));
      assertTrue(npe.getMessage().contains(RollupRows.NODE_NAME), npe.getMessage());
    }
  }
}
