package io.fgm.flink.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.MetricRows;
import io.fgm.schema.QosClass;
import java.nio.file.Path;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
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
  void many_distinct_containers_get_a_bloom_filter_on_the_container_id(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rows.parquet");
    int containers = 20_000; // enough ids to overflow the 1 MiB dictionary, so pages fall back to plain
    try (ParquetWriter<GenericRecord> w = ParquetSettings.defaults().open(new LocalOutputFile(file))) {
      for (int i = 0; i < containers; i++) {
        ContainerRef c = ContainerRef.of(String.format("%064x", i), null, QosClass.NONE, "/c" + i);
        w.write(MetricRows.row(1_000L * i, "cpu.usage_us", i, "node-a", c));
      }
    }
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      BlockMetaData block = r.getFooter().getBlocks().get(0);
      ColumnChunkMetaData ids =
          block.getColumns().stream()
              .filter(c -> c.getPath().toDotString().equals(MetricRows.CONTAINER_ID))
              .findFirst()
              .orElseThrow();
      assertEquals(CompressionCodecName.ZSTD, ids.getCodec());
      assertTrue(ids.getEncodingStats().hasNonDictionaryEncodedPages());
      BloomFilter bloom = r.getBloomFilterDataReader(block).readBloomFilter(ids);
      assertNotNull(bloom, "bloom filter written");
      assertTrue(bloom.findHash(bloom.hash(Binary.fromString(String.format("%064x", 123)))));
      assertFalse(bloom.findHash(bloom.hash(Binary.fromString("no-such-container"))));
    }
  }
}
