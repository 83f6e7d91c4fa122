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
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
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
    assertEquals(5.0, StoreReader.metricValue(a, "cpu_usage_us"));
    assertEquals(7.0, StoreReader.metricValue(a, "memory_current_bytes"));
    assertNull(a.get("memory_peak_bytes"), "NaN = not collected = null");
    long nonNull = SampleRows.metricColumns().stream().filter(c -> a.get(c) != null).count();
    assertEquals(2, nonNull, "the unknown metric has no column; every other metric is null");

    GenericRecord b = rows.get(1);
    assertEquals(6.0, StoreReader.metricValue(b, SampleRows.column(Metric.CPU_USAGE_US)));
    assertNull(b.get(SampleRows.POD_UID));
    assertNull(b.get(SampleRows.POD_NAME));
    assertEquals("BestEffort", b.get(SampleRows.QOS_CLASS).toString());
    assertEquals(SampleRows.SCHEMA.toString(),
        StoreReader.footer(file).getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
  }

  @Test
  void decimalRatesAndWholeCountersReadBackAsTheExactDoublesWrittenAndSayTheirScaleInTheParquetSchema(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.parquet");
    ContainerRef c = ContainerRef.of("c1", null, QosClass.BURSTABLE, "/c1");
    SampleRowWriter w = new SampleRowWriter(ParquetSettings.defaults().openSamples(new LocalOutputFile(file)));
    Random r = new Random(7);
    double[] millicores = new double[500];
    double[] counters = new double[500];
    double[] ratios = new double[500];
    for (int i = 0; i < millicores.length; i++) {
      millicores[i] = r.nextInt(8_000_000) / 1000.0; // Δµs over one second, as CounterRates computes it
      counters[i] = (double) (r.nextLong() >>> 12); // integers up to 2^52
      ratios[i] = r.nextDouble();
      w.addElement(new ContainerSample(1_000L * i, "n", c, Map.of("cpu.usage_millicores", millicores[i],
          "cpu.usage_us", counters[i], "cpu.throttled_ratio", ratios[i], "psi.io.some_avg10", (i % 10_000) / 100.0)));
    }
    w.finish();
    List<GenericRecord> rows = StoreReader.records(file);
    for (int i = 0; i < rows.size(); i++) {
      GenericRecord g = rows.get(i);
      assertEquals(millicores[i], StoreReader.metricValue(g, "cpu_usage_millicores"), 0.0);
      assertEquals(counters[i], StoreReader.metricValue(g, "cpu_usage_us"), 0.0);
      assertEquals(ratios[i], StoreReader.metricValue(g, "cpu_throttled_ratio"), 0.0);
      assertEquals((i % 10_000) / 100.0, StoreReader.metricValue(g, "psi_io_some_avg10"), 0.0);
    }
    org.apache.parquet.schema.MessageType schema = StoreReader.footer(file).getFileMetaData().getSchema();
    assertEquals(LogicalTypeAnnotation.decimalType(3, 18),
        schema.getType("cpu_usage_millicores").getLogicalTypeAnnotation());
    assertEquals(PrimitiveTypeName.INT64, schema.getType("cpu_usage_us").asPrimitiveType().getPrimitiveTypeName());
    assertNull(schema.getType("cpu_usage_us").getLogicalTypeAnnotation(), "whole numbers: a plain INT64");
    assertEquals(PrimitiveTypeName.DOUBLE,
        schema.getType("cpu_throttled_ratio").asPrimitiveType().getPrimitiveTypeName());
  }

  @Test
  void aValueItsColumnCannotHoldIsStoredAsNullAndCountedAndTheRestOfTheRowIsKept(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("rows.parquet");
    ContainerRef c = ContainerRef.of("c1", null, QosClass.BURSTABLE, "/c1");
    long before = SampleRowWriteSupport.UNREPRESENTABLE_VALUES.get();
    SampleRowWriter w = new SampleRowWriter(ParquetSettings.defaults().openSamples(new LocalOutputFile(file)));
    w.addElement(new ContainerSample(1_000, "n", c, Map.of("cpu.usage_us", Double.POSITIVE_INFINITY,
        "cpu.usage_millicores", 1e14, "memory.current_bytes", 4096.0)));
    w.finish();
    GenericRecord g = StoreReader.records(file).get(0);
    assertNull(g.get("cpu_usage_us"));
    assertNull(g.get("cpu_usage_millicores"), "1e17 after scaling to 3 decimals is beyond 2^53");
    assertEquals(4096.0, StoreReader.metricValue(g, "memory_current_bytes"));
    assertEquals(2, SampleRowWriteSupport.UNREPRESENTABLE_VALUES.get() - before);
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
