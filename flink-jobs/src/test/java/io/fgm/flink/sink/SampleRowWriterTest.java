package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fgm.flink.testing.StoreReader;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleRows;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link SampleRowWriter} and {@link SampleRowWriteSupport}. */
class SampleRowWriterTest {

  @Test
  void eachSampleIsOneRowWithNullForAbsentNanAndUnknownMetrics(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.parquet");
    ContainerRef named = ContainerRef.of("c1", "uid-1", QosClass.GUARANTEED, "/c1").withNames("web-0", "shop", "nginx");
    ContainerRef bare = ContainerRef.of("c2", null, QosClass.BEST_EFFORT, "/c2");
    SampleRowWriter w = new SampleRowWriter(ParquetSettings.defaults().openSamples(new LocalOutputFile(file)));
    w.addElement(new ContainerSample(1_000, "node-a", named,
        Map.of("cpu.usage_us", 5.0, "memory.current_bytes", 7.0, "memory.peak_bytes", Double.NaN, "custom.metric", 1.5)));
    w.addElement(new ContainerSample(2_000, "node-a", bare, Map.of("cpu.usage_us", 6.0)));
    w.finish();

    // Read back with parquet-avro, as any reader would: the footer carries the Avro schema.
    List<GenericRecord> rows = StoreReader.records(file);
    assertEquals(2, rows.size());
    GenericRecord a = rows.get(0);
    assertEquals(1_000L, a.get(SampleRows.TIME));
    assertEquals(List.of("c1", "uid-1", "web-0", "shop", "nginx", "Guaranteed", "node-a"),
        SampleRows.LABEL_COLUMNS.stream().map(c -> String.valueOf(a.get(c))).toList());
    assertEquals(5.0, a.get("cpu_usage_us"));
    assertEquals(7.0, a.get("memory_current_bytes"));
    assertNull(a.get("memory_peak_bytes"), "NaN = not collected = null");
    long nonNull = SampleRows.metricColumns().stream().filter(c -> a.get(c) != null).count();
    assertEquals(2, nonNull, "the unknown metric has no column; every other metric is null");

    GenericRecord b = rows.get(1);
    assertEquals(6.0, b.get(SampleRows.column(Metric.CPU_USAGE_US)));
    assertNull(b.get(SampleRows.POD_UID));
    assertNull(b.get(SampleRows.POD_NAME));
    assertEquals("BestEffort", b.get(SampleRows.QOS_CLASS).toString());
    assertEquals(SampleRows.SCHEMA.toString(),
        StoreReader.footer(file).getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
  }

  @Test
  void aLazyWriterThatGetsNoSampleOpensNoFile() throws Exception {
    SampleRowWriter w = new SampleRowWriter(() -> {
      throw new AssertionError("opened without a sample");
    });
    w.flush();
    w.finish();
  }
}
