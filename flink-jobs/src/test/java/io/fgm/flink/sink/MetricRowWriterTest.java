package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link MetricRowWriter} and {@link MetricRowWriteSupport}. */
class MetricRowWriterTest {

  @Test
  void rows_read_back_as_the_avro_rows_of_the_schema(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.parquet");
    ContainerRef named =
        new ContainerRef("c1", "uid-1", QosClass.GUARANTEED, "/kubepods/pod/c1", false, "web-0", "shop", "nginx");
    ContainerRef bare = ContainerRef.of("system.slice/sshd.service", null, QosClass.NONE, "/system.slice/sshd.service");
    MetricRowWriter w = new MetricRowWriter(ParquetSettings.defaults().openRows(new LocalOutputFile(file)));
    w.addElement(new ContainerSample(1_000, "node-a", named,
        Map.of("cpu.usage_us", 5.0, "memory.current_bytes", 7.0, "custom.metric", 1.5, "io.read_bytes", Double.NaN)));
    w.addElement(new ContainerSample(2_000, "node-a", bare, Map.of("cpu.usage_us", 6.0)));
    w.finish();

    List<GenericRecord> rows = StoreReader.records(file);
    assertEquals(
        List.of(
            MetricRows.row(1_000, "cpu.usage_us", 5.0, "node-a", named),
            MetricRows.row(1_000, "memory.current_bytes", 7.0, "node-a", named),
            MetricRows.row(1_000, "custom.metric", 1.5, "node-a", named),
            MetricRows.row(2_000, "cpu.usage_us", 6.0, "node-a", bare)).toString(),
        rows.toString(),
        "catalogue order, unknown names last, NaN (not collected) skipped");
    assertEquals(
        MetricRows.SCHEMA.toString(),
        StoreReader.footer(file).getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
    assertEquals(4L, StoreReader.footer(file).getBlocks().stream().mapToLong(b -> b.getRowCount()).sum());
  }
}
