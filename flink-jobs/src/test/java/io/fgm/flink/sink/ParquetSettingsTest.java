package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.flink.sink.ParquetSettings.MetricEncoding;
import io.fgm.schema.ContainerRef;
import io.fgm.schema.ContainerSample;
import io.fgm.schema.Metric;
import io.fgm.schema.QosClass;
import io.fgm.schema.SampleRows;
import java.nio.file.Path;
import java.util.Map;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ParquetSettings}. */
class ParquetSettingsTest {

  @Test
  void manyDistinctContainersGetABloomFilterOnTheContainerIdWhenAskedFor(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.parquet");
    int containers = 20_000; // enough ids to overflow the 1 MiB dictionary, so pages fall back to plain
    write(file, ParquetSettings.defaults().withContainerBloomFilter(true), containers);
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      BlockMetaData block = r.getFooter().getBlocks().get(0);
      ColumnChunkMetaData ids = column(block, SampleRows.CONTAINER_ID);
      assertEquals(CompressionCodecName.ZSTD, ids.getCodec());
      assertTrue(ids.getEncodingStats().hasNonDictionaryEncodedPages());
      BloomFilter bloom = r.getBloomFilterDataReader(block).readBloomFilter(ids);
      assertNotNull(bloom, "bloom filter written");
      assertTrue(bloom.findHash(bloom.hash(Binary.fromString(String.format("%064x", 123)))));
      assertFalse(bloom.findHash(bloom.hash(Binary.fromString("no-such-container"))));
    }
  }

  @Test
  void eachMetricColumnGetsItsOwnEncoding(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.parquet");
    ParquetSettings s = ParquetSettings.defaults().withMetricEncoding(MetricEncoding.PLAIN)
        .withMetricEncoding(Metric.CPU_USAGE_US, MetricEncoding.BYTE_STREAM_SPLIT)
        .withMetricEncoding(Metric.MEMORY_CURRENT_BYTES, MetricEncoding.DICTIONARY)
        .withMetricEncoding(Metric.MEMORY_PGFAULT, MetricEncoding.DELTA)
        .withMetricEncoding(Metric.CPU_THROTTLED_RATIO, MetricEncoding.BYTE_STREAM_SPLIT)
        .withMetricEncoding(Metric.CPU_USAGE_MILLICORES, MetricEncoding.DELTA);
    write(file, s, 2_000);
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      BlockMetaData block = r.getFooter().getBlocks().get(0);
      assertTrue(column(block, "cpu_usage_us").getEncodings().contains(Encoding.BYTE_STREAM_SPLIT),
          () -> column(block, "cpu_usage_us").getEncodings().toString());
      assertTrue(column(block, "memory_current_bytes").hasDictionaryPage());
      ColumnChunkMetaData pids = column(block, "pids_current");
      assertFalse(pids.hasDictionaryPage());
      assertFalse(pids.getEncodings().contains(Encoding.BYTE_STREAM_SPLIT), pids.getEncodings()::toString);
      assertTrue(pids.getEncodings().contains(Encoding.PLAIN), pids.getEncodings()::toString);
      assertTrue(column(block, "memory_pgfault").getEncodings().contains(Encoding.DELTA_BINARY_PACKED),
          () -> column(block, "memory_pgfault").getEncodings().toString());
      assertTrue(column(block, "cpu_throttled_ratio").getEncodings().contains(Encoding.BYTE_STREAM_SPLIT),
          "a double column's BYTE_STREAM_SPLIT");
      assertTrue(column(block, "cpu_usage_millicores").getEncodings().contains(Encoding.DELTA_BINARY_PACKED));
    }
  }

  @Test
  void anEncodingForAColumnThatIsNoMetricIsRefused() {
    ParquetSettings d = ParquetSettings.defaults();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ParquetSettings(d.codec(),
        d.zstdLevel(), d.rowGroupBytes(), d.pageBytes(), false, MetricEncoding.PLAIN,
        Map.of("l_container_id", MetricEncoding.PLAIN), false));
    assertTrue(e.getMessage().contains("l_container_id"), e::getMessage);
  }

  private static void write(Path file, ParquetSettings settings, int containers) throws Exception {
    SampleRowWriter w = new SampleRowWriter(settings.openSamples(new LocalOutputFile(file)));
    for (int i = 0; i < containers; i++) {
      ContainerRef c = ContainerRef.of(String.format("%064x", i), null, QosClass.NONE, "/c" + i);
      w.addElement(new ContainerSample(1_000L * i, "node-a", c,
          Map.of("cpu.usage_us", 1e6 * i + (i * 7919 % 1000), "memory.current_bytes", (double) (i % 3), "pids.current",
              (double) i, "memory.pgfault", 10.0 * i, "cpu.throttled_ratio", (i % 7) / 7.0, "cpu.usage_millicores",
              (i * 7919 % 100_000) / 1000.0)));
    }
    w.finish();
  }

  private static ColumnChunkMetaData column(BlockMetaData block, String name) {
    return block.getColumns().stream().filter(c -> c.getPath().toDotString().equals(name)).findFirst().orElseThrow();
  }
}
